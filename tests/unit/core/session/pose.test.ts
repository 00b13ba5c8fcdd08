import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROW_EXPLAINER } from '$lib/core/explain/catalogue';
import { rowArchitecture } from '$lib/core/model/row-models';
import { JOINT, JOINT_COUNT, POINT_FIELDS } from '$lib/core/pose/joints';
import { normalisePose, perJoint, POSE_WIDTH, type PoseFrame } from '$lib/core/pose/normalise';
import { synthPose } from '$lib/core/pose/synth';
import { seededRandom } from '$lib/core/random';
import { ProjectSession } from '$lib/core/session/project-session';

/** The left hand: the wrist and the three points of the hand, which move with it. */
const LEFT_HAND = [JOINT.leftWrist, 17, 19, 21];

/** "Wave": standing with the hands down, but the left hand raised to the shoulder's height; the rest of the body is the same. */
function waving(frame: PoseFrame): PoseFrame {
	const points = frame.points.slice();
	const shoulderY = points[JOINT.leftShoulder * POINT_FIELDS + 1]!;
	const wristY = points[JOINT.leftWrist * POINT_FIELDS + 1]!;
	for (const j of LEFT_HAND) points[j * POINT_FIELDS + 1] = points[j * POINT_FIELDS + 1]! - (wristY - shoulderY);
	return { points, aspect: frame.aspect };
}

/** Bodies standing with their hands down ("rest") and the same bodies waving, `n` of each; the first `labelled` of each labelled. */
function bodies(n: number, labelled: number, seed: number) {
	const rng = seededRandom(seed);
	return Array.from({ length: n }, (_, i) => {
		const rest = synthPose('hands down', rng, { noise: 0.04 });
		return [
			{ id: `rest-${i}`, frame: rest, truth: 'rest', classId: i < labelled ? 'rest' : undefined },
			{ id: `wave-${i}`, frame: waving(rest), truth: 'wave', classId: i < labelled ? 'wave' : undefined }
		];
	}).flat();
}

describe('a session on poses (rows of normalised keypoints)', () => {
	beforeAll(async () => {
		await tf.setBackend('wasm');
	});

	it('learns two postures from four bodies each, explains them by the joint that decides, finds the move that changes one, and leaks no tensor', async () => {
		const before = tf.memory().numTensors;
		const made = bodies(12, 4, 7);
		const samples = made.map(({ id, frame, classId }) => ({ id, input: normalisePose(frame), classId }));
		const sut = await ProjectSession.open({ classIds: ['rest', 'wave'], samples, architecture: rowArchitecture({ kind: 'pose', width: POSE_WIDTH }) });
		await sut.trainer.learnAll(30, () => false);

		const unlabelled = made.filter((s) => !s.classId);
		const suggestions = await sut.scorer.suggest(unlabelled.map((s) => s.id));
		const right = suggestions.filter((s) => s.ranked[0]!.classId === made.find((m) => m.id === s.sampleId)!.truth).length;
		expect(right).toBe(unlabelled.length);

		// Most of the attribution lies on the left hand, for a waving body and a resting one alike.
		for (const id of ['wave-8', 'rest-8']) {
			const joints = perJoint((await sut.explanations.explain(id, DEFAULT_ROW_EXPLAINER))!);
			const total = joints.reduce((a, b) => a + b, 0);
			const onHand = LEFT_HAND.reduce((sum, j) => sum + joints[j]!, 0);

			expect(joints).toHaveLength(JOINT_COUNT);
			expect(onHand / total).toBeGreaterThan(0.5);
			expect(LEFT_HAND).toContain(joints.indexOf(Math.max(...joints)));
		}

		// What would make a resting body wave: raise the left wrist (its hand goes with it), and then it does.
		const resting = made.find((m) => m.id === 'rest-9')!;
		const change = await sut.explanations.poseCounterfactual(resting.frame, false, 'wave');
		expect(change!.moves.length).toBeGreaterThan(0);
		expect(change!.moves.length).toBeLessThanOrEqual(2);
		expect(change!.moves.some((m) => m.joint === JOINT.leftWrist && m.dy < 0)).toBe(true);
		expect(change!.words.join(' ')).toMatch(/raise the left wrist by \d+ cm/);
		const [after] = await sut.explanations.predictRows([normalisePose(change!.frame)]);
		expect(after![1]).toBeGreaterThan(after![0]!);

		// Live mode: a body that is not a sample, classified with one attribution per joint.
		const live = await sut.explanations.classifyPose(waving(synthPose('hands down', seededRandom(99))), false);
		expect(live!.ranked[0]!.classId).toBe('wave');
		expect(live!.saliency).toHaveLength(JOINT_COUNT);

		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('learns a bulk import of labelled bodies to the linear model’s optimum, not a few epochs of it', async () => {
		const before = tf.memory().numTensors;
		const made = bodies(4, 4, 11);
		const samples = made.map(({ id, frame, classId }) => ({ id, input: normalisePose(frame), classId }));
		const sut = await ProjectSession.open({ classIds: ['rest', 'wave'], samples, architecture: rowArchitecture({ kind: 'pose', width: POSE_WIDTH }) });

		const rest = await sut.trainer.learnMany(2, 1000);
		for await (const _ of rest!); // the background steps: the solve
		const suggestions = await sut.scorer.suggest(made.map((m) => m.id));

		for (const s of suggestions) expect(s.ranked[0]).toMatchObject({ classId: made.find((m) => m.id === s.sampleId)!.truth, p: expect.any(Number) });
		expect(Math.min(...suggestions.map((s) => s.ranked[0]!.p))).toBeGreaterThan(0.9); // Adam epochs alone left them near 50%
		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});
