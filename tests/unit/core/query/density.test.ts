import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { budgetAware } from '$lib/core/query/budget-aware';
import { typicality } from '$lib/core/query/density';
import { TYPICALITY_PART, typicalityOnBackend } from '$lib/core/query/density-backend';
import { useWasm } from '../../helpers/wasm';
import { candidate, context, probs, randomPool } from './factories';

/** Three tight groups of 64-wide embeddings, and a few samples far from all of them. */
function clustered(n: number) {
	const pool = randomPool(n, 2, 64, 5).map((c, i) => ({ ...c, embedding: c.embedding!.map((v) => 0.3 * v + 10 * (i % 3)) }));
	return [...pool, ...[40, 60].map((x, i) => candidate(`far${i}`, probs(1, 1), Array.from({ length: 64 }, () => x)))];
}

describe('typicality', () => {
	beforeAll(useWasm);

	it.each([
		['every candidate in the reference', 300],
		['a sampled reference', 1500]
	])('on the model’s backend, agrees with the plain arithmetic (%s), leaking no tensor', async (_, n) => {
		const pool = clustered(n);
		const tensors = tf.memory().numTensors;

		let parts = 0;
		const measured = await typicalityOnBackend(pool, 3, (work) => (parts++, work()));
		const reference = typicality(pool, 3);

		expect(tf.memory().numTensors).toBe(tensors);
		expect(parts).toBe(Math.ceil(pool.length / TYPICALITY_PART)); // a job each, acts between
		expect(measured.size).toBe(reference.size);
		for (const [id, value] of reference) expect(Math.abs(measured.get(id)! - value) / value).toBeLessThan(1e-2); // float32 rounding
		expect(measured.get('far1')!).toBeLessThan(measured.get('c0')! / 10); // an outlier is far less typical than a group's member
	});

	it('is what the default weighs candidates by when the ranking measured it', () => {
		// The outlier is declared the most typical: the default, exploring, takes the measure it is given.
		const pool = clustered(60).map((c) => ({ ...c, typicality: c.id === 'far1' ? 100 : 1 }));
		const untouched = clustered(60);
		const labelled = [Float32Array.from({ length: 64 }, () => 0)];

		expect(budgetAware.needs.typicality!(context({ labelled, labelCount: 1, classes: 2 }))).toBe(true);
		expect(budgetAware.needs.typicality!(context({ labelled, labelCount: 4, classes: 2 }))).toBe(false); // refining: margin alone
		expect(budgetAware.select(pool, 1, context({ labelled, labelCount: 1, classes: 2 }))[0]!.id).toBe('far1');
		expect(budgetAware.select(untouched, 1, context({ labelled, labelCount: 1, classes: 2 }))[0]!.id).not.toBe('far1');
	});
});
