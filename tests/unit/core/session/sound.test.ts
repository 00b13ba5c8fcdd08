import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPLAINER } from '$lib/core/explain/catalogue';
import { FRAMES, MEL_BANDS, spectrogramInput } from '$lib/core/sound/log-mel';
import { synthesize } from '$lib/core/sound/synth';
import { seededRandom } from '$lib/core/random';
import { ProjectSession } from '$lib/core/session/project-session';
import { useWasm } from '../../helpers/wasm';


/**
 * Two sound classes told apart only by their second half: a whistle (a 2 kHz tone) or a burst of
 * clicks. The first half is a tone of a random pitch in both, there to mislead.
 */
function clip(cls: 'whistle' | 'clicks', random: () => number): Uint8Array {
	const first = synthesize({ shape: 'tone', hz: 200 + random() * 4000, to: 0.5, amplitude: 0.3 + random() * 0.4, noise: 0.01 }, random);
	const second = cls === 'whistle'
		? synthesize({ shape: 'tone', hz: 1800 + random() * 400, from: 0.5, amplitude: 0.2 + random() * 0.3 }, random)
		: synthesize({ shape: 'clicks', hz: 8 + random() * 6, from: 0.5, amplitude: 0.3 + random() * 0.4 }, random);
	return spectrogramInput(first.map((v, i) => v + second[i]!));
}

function samples(labelled: number, unlabelled: number, seed: number) {
	const random = seededRandom(seed);
	return Array.from({ length: 2 * (labelled + unlabelled) }, (_, i) => {
		const cls = i % 2 === 0 ? 'whistle' : 'clicks';
		return { id: `s${i}`, input: clip(cls, random), classId: i < 2 * labelled ? cls : undefined, truth: cls };
	});
}

describe('A sound project’s session (spectrograms through the image CNN)', () => {
	beforeAll(async () => {
		await useWasm();
	});

	it('learns two synthesised sounds from six clips each, and explains them by the half that decides', async () => {
		const made = samples(6, 10, 7);
		const before = tf.memory().numTensors;
		const sut = await ProjectSession.open({ classIds: ['whistle', 'clicks'], samples: made.map(({ truth: _, ...s }) => s) });
		await sut.trainer.learnAll(30, () => false);

		const unlabelled = made.filter((s) => !s.classId);
		const suggestions = await sut.scorer.suggest(unlabelled.map((s) => s.id));
		const right = suggestions.filter((s) => s.ranked[0]!.classId === made.find((m) => m.id === s.sampleId)!.truth).length;
		expect(right / unlabelled.length).toBeGreaterThanOrEqual(0.9);

		let secondHalf = 0;
		for (const s of unlabelled) {
			const map = (await sut.explanations.explain(s.id, DEFAULT_EXPLAINER))!;
			let [late, all] = [0, 0];
			for (let r = 0; r < MEL_BANDS; r++) for (let t = 0; t < FRAMES; t++) {
				all += map[r * FRAMES + t]!;
				if (t >= FRAMES / 2) late += map[r * FRAMES + t]!;
			}
			secondHalf += late / all / unlabelled.length;
		}
		expect(secondHalf).toBeGreaterThan(0.6);

		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});
