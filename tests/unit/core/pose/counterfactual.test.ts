import { describe, expect, it } from 'vitest';
import { describeMove, moved, poseCounterfactual } from '$lib/core/pose/counterfactual';
import { JOINT, POINT_FIELDS } from '$lib/core/pose/joints';
import { bodyCoordinates } from '$lib/core/pose/normalise';
import { synthPose } from '$lib/core/pose/synth';
import { seededRandom } from '$lib/core/random';
import { FEATURES_PER_JOINT } from '$lib/core/pose/normalise';

const body = synthPose('hands down', seededRandom(2), { noise: 0 });
const y = (row: Float32Array, joint: number) => row[joint * FEATURES_PER_JOINT + 1]!;

describe('poseCounterfactual', () => {
	const sut = poseCounterfactual;

	it('finds the smallest single move that flips a rule on one joint, and says it in centimetres', async () => {
		// A stand-in model: class 1 once the right knee is raised over 0.32 torsos from where it rests.
		let calls = 0;
		const predict = async (rows: Float32Array[]) => (calls++, rows.map((r) => (y(r, JOINT.rightKnee) < -0.32 ? Float32Array.of(0.2, 0.8) : Float32Array.of(0.9, 0.1))));
		const found = await sut(body, 1, false, predict);
		expect(found!.moves).toEqual([expect.objectContaining({ joint: JOINT.rightKnee })]);
		expect(found!.moves[0]!.dy).toBeCloseTo(-0.35, 5); // the first step past 0.32, straight up
		expect(found!.words).toEqual(['raise the right knee by 18 cm']);
		expect(calls).toBe(1);
		const before = bodyCoordinates(body), after = bodyCoordinates(found!.frame);
		expect(before[JOINT.rightKnee * 2 + 1]! - after[JOINT.rightKnee * 2 + 1]!).toBeCloseTo(0.35, 4);
		expect(after[JOINT.leftKnee * 2 + 1]).toBeCloseTo(before[JOINT.leftKnee * 2 + 1]!, 5);
	});

	it('pairs two joints when no single move is enough, and gives up when no pair is', async () => {
		// A stand-in model: class 1 only with both wrists raised over half a torso (each raised wrist alone gets it at most 12%).
		const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
		const both = async (rows: Float32Array[]) =>
			rows.map((r) => {
				const p = sigmoid(8 * (-y(r, JOINT.leftWrist) - 0.5)) * sigmoid(8 * (-y(r, JOINT.rightWrist) - 0.5));
				return Float32Array.of(1 - p, p);
			});
		const found = await sut(body, 1, false, both);
		expect(found!.moves.map((m) => m.joint).sort()).toEqual([JOINT.leftWrist, JOINT.rightWrist]);
		expect(found!.moves.every((m) => m.dy < 0)).toBe(true);
		expect(await sut(body, 1, false, async (rows) => rows.map(() => Float32Array.of(1, 0)))).toBeNull();
	});

	it('answers with no move when the body already is the class', async () => {
		const found = await sut(body, 0, false, async (rows) => rows.map(() => Float32Array.of(0.7, 0.3)));
		expect(found).toMatchObject({ moves: [], words: [] });
		expect(found!.probability).toBeCloseTo(0.7, 6);
	});

	it('moves a wrist with its hand, and words a sideways move by the picture', () => {
		const after = moved(body, [{ joint: JOINT.leftWrist, dx: 0, dy: -0.5 }]);
		const lifted = (j: number) => body.points[j * POINT_FIELDS + 1]! - after.points[j * POINT_FIELDS + 1]!;
		expect(lifted(19)).toBeCloseTo(lifted(JOINT.leftWrist), 6); // the left index finger went up with the wrist
		expect(lifted(JOINT.leftElbow)).toBe(0);
		expect(describeMove({ joint: JOINT.rightElbow, dx: -0.3, dy: 0 })).toBe("move the right elbow 15 cm to the picture's left");
		expect(describeMove({ joint: JOINT.nose, dx: 0.2, dy: 0.2 })).toBe("lower the nose by 10 cm and move it 10 cm to the picture's right");
	});
});
