import { describe, expect, it } from 'vitest';
import { seededRandom } from '$lib/core/random';
import { JOINT, JOINT_COUNT, MIRRORED, POINT_FIELDS } from '$lib/core/pose/joints';
import { bodyCoordinates, FEATURES_PER_JOINT, mirrorPose, normalisePose, perJoint, POSE_WIDTH, type PoseFrame } from '$lib/core/pose/normalise';
import { synthPose } from '$lib/core/pose/synth';

/** The same body moved by (dx, dy) in the frame and scaled by `scale` about the frame's corner. */
function movedAndScaled(frame: PoseFrame, dx: number, dy: number, scale: number): PoseFrame {
	const points = frame.points.slice();
	for (let j = 0; j < JOINT_COUNT; j++) {
		points[j * POINT_FIELDS] = points[j * POINT_FIELDS]! * scale + dx;
		points[j * POINT_FIELDS + 1] = points[j * POINT_FIELDS + 1]! * scale + dy;
	}
	return { points, aspect: frame.aspect };
}

const close = (a: Float32Array, b: Float32Array) => a.every((v, i) => Math.abs(v - b[i]!) < 1e-4);

describe('normalisePose', () => {
	const sut = normalisePose;
	const body = synthPose('left hand up', seededRandom(3));

	it('gives the same row wherever the body stands and however near the camera', () => {
		const row = sut(body);
		for (const [dx, dy, scale] of [[0.2, -0.1, 1], [0, 0, 0.5], [-0.15, 0.05, 1.7]] as const) {
			expect(close(sut(movedAndScaled(body, dx, dy, scale)), row)).toBe(true);
		}
		expect(row).toHaveLength(POSE_WIDTH);
	});

	it('centres on the hips and measures in torsos: the hips sit either side of 0, the shoulders a torso above', () => {
		const at = bodyCoordinates(body);
		const [lx, ly, rx, ry] = [at[JOINT.leftHip * 2]!, at[JOINT.leftHip * 2 + 1]!, at[JOINT.rightHip * 2]!, at[JOINT.rightHip * 2 + 1]!];
		const shoulders = [(at[JOINT.leftShoulder * 2]! + at[JOINT.rightShoulder * 2]!) / 2, (at[JOINT.leftShoulder * 2 + 1]! + at[JOINT.rightShoulder * 2 + 1]!) / 2];
		expect(lx + rx).toBeCloseTo(0, 5);
		expect(ly + ry).toBeCloseTo(0, 5);
		expect(Math.hypot(shoulders[0]!, shoulders[1]!)).toBeCloseTo(1, 4);
	});

	it('measures each joint from where it is at rest: a body at rest reads about 0, a raised wrist well above it', () => {
		const rest = sut(synthPose('hands down', seededRandom(4), { noise: 0, spread: 0 }));
		const raised = sut(body);
		expect(Math.max(...rest.map(Math.abs))).toBeLessThan(0.3); // positions exactly at rest; visibilities 0.75–1, so at most 0.25 from fully seen
		expect(raised[JOINT.leftWrist * FEATURES_PER_JOINT + 1]).toBeLessThan(-2); // the raised wrist, two torsos above where it hangs
		expect(Math.abs(raised[JOINT.rightWrist * FEATURES_PER_JOINT + 1]!)).toBeLessThan(0.4); // the other hand still hangs
	});

	it('keeps the frame’s proportions: a wide frame’s x counts as much as its y', () => {
		const wide = { points: body.points, aspect: 16 / 9 };
		const square = { points: body.points.map((v, i) => (i % POINT_FIELDS === 0 ? (v * 16) / 9 : v)), aspect: 1 };
		expect(close(sut(wide), sut(square))).toBe(true);
	});

	it('with mirror, gives a body and its mirror image one row; without, two', () => {
		const image = mirrorPose(body);
		expect(close(sut(image, { mirror: true }), sut(body, { mirror: true }))).toBe(true);
		expect(close(sut(image), sut(body))).toBe(false);
		expect(close(mirrorPose(image).points, body.points)).toBe(true);
		expect(MIRRORED[JOINT.leftWrist]).toBe(JOINT.rightWrist);
		expect(MIRRORED[JOINT.nose]).toBe(JOINT.nose);
	});

	it('gathers a row’s attribution per joint', () => {
		const attribution = new Float32Array(POSE_WIDTH);
		attribution.set([0.5, -0.25, 0.25], JOINT.rightKnee * FEATURES_PER_JOINT);
		const joints = perJoint(attribution);
		expect(joints).toHaveLength(JOINT_COUNT);
		expect(joints[JOINT.rightKnee]).toBeCloseTo(1);
		expect(joints.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
	});
});
