import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashText, TEXT_WIDTH, tokenScores } from '$lib/core/model/text-hashing';
import { rowArchitecture } from '$lib/worker/row-explain';
import { ProjectSession } from '$lib/worker/session';

const NOTES = [
	['fox by the river at dawn', 'wildlife'],
	['deer grazing near the river', 'wildlife'],
	['pump fuse blown again', 'equipment'],
	['generator pump pressure low', 'equipment'],
	['heron fishing by the river', null],
	['replaced the pump fuse', null]
] as const;

describe('a session on notes (hashed n-grams, the text MLP)', () => {
	beforeAll(async () => {
		await tf.setBackend('wasm');
	});

	it('explains a note one value per feature, which shades its words, predicts rows that are not samples, and leaks no tensor', async () => {
		const before = tf.memory().numTensors;
		const samples = NOTES.map(([text, label], i) => ({ id: `n${i}`, input: hashText(text), classId: label ?? undefined }));
		const sut = await ProjectSession.open(['wildlife', 'equipment'], samples, undefined, undefined, rowArchitecture({ kind: 'text', width: TEXT_WIDTH }));
		await sut.learnAll(20, () => false);

		const [heron, fuse] = await sut.suggest(['n4', 'n5']);
		const map = await sut.explain('n5', 'gradient-input');
		const scores = tokenScores(NOTES[5][0], map!);
		const [probs] = await sut.predictRows([hashText('a fox and a heron by the river')]);

		expect([heron!.ranked[0]!.classId, fuse!.ranked[0]!.classId]).toEqual(['wildlife', 'equipment']);
		expect(map).toHaveLength(TEXT_WIDTH);
		expect(scores.map((s) => NOTES[5][0].slice(s.start, s.end))).toEqual(['replaced', 'the', 'pump', 'fuse']);
		expect(Math.max(scores[2]!.score, scores[3]!.score)).toBeGreaterThan(scores[1]!.score); // "pump"/"fuse" over "the"
		expect(probs![0]!).toBeGreaterThan(probs![1]!);
		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});
