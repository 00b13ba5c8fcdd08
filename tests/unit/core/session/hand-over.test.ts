import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Example } from '$lib/core/model/online-learner';
import { topIndex } from '$lib/core/metrics/top-class';
import { drive } from '$lib/core/model/drive';
import { rowArchitecture } from '$lib/core/model/row-models';
import { ProjectSession } from '$lib/core/session/project-session';
import { earnsHandOver } from '$lib/core/session/hand-over-rule';
import { IRIS, irisRows, sessionSamples } from '../../helpers/iris';
import { change } from '../../helpers/sessions';
import { seededRandom } from '$lib/core/random';
import { useWasm } from '../../helpers/wasm';

const control = (poolLearning: 'off' | 'pseudo-labels' | 'label-propagation') => ({ learningRate: 0.01, stepsPerUpdate: 10, replaySize: 32, frozen: false, poolLearning });

/** An iris project on the app's row model, with `labelled` rows labelled, spread over the table (it is sorted by species). */
async function open(labelled: number, poolLearning: 'off' | 'pseudo-labels' | 'label-propagation' = 'off') {
	const step = Math.floor(150 / labelled);
	const { schema, samples } = irisRows((i) => i % step === 0 && i / step < labelled);
	const session = await ProjectSession.open({ classIds: IRIS, samples: sessionSamples(samples), architecture: rowArchitecture({ kind: 'tabular', width: schema.width }), control: control(poolLearning) });
	return { session, samples };
}

const XOR = ['same', 'opposite'];

/**
 * Two columns whose signs agree ("same") or not ("opposite"): no line separates the classes, a small
 * MLP learns them. `labelled` of the 200 rows are labelled.
 */
async function openXor(labelled: number) {
	const random = seededRandom(11);
	const samples = Array.from({ length: 200 }, (_, i) => {
		const [x, y] = [random() * 2 - 1, random() * 2 - 1];
		const truth = XOR[x * y > 0 ? 0 : 1]!;
		return { id: `x${i}`, input: Float32Array.of(x * 2, y * 2), truth, ...(i < labelled ? { classId: truth } : {}) };
	});
	const session = await ProjectSession.open({ classIds: XOR, samples: samples.map(({ truth: _, ...s }) => s), architecture: rowArchitecture({ kind: 'tabular', width: 2 }), control: control('off') });
	return { session, samples };
}

/** The top class of each of these samples under the live model. */
async function answers(session: ProjectSession, ids: readonly string[]): Promise<number[]> {
	const probs = await session.context.learner.predict(ids.map((id) => session.pool.get(id)!.input));
	const k = session.context.classIds.length;
	return ids.map((_, i) => topIndex(probs, i * k, k));
}

describe('the row model: linear from few labels, then the MLP where it does better', () => {
	beforeAll(useWasm);

	it('hands over when the MLP answers more held-out labels rightly, keeping its answers on the labelled rows, and leaks nothing', async () => {
		const before = tf.memory().numTensors;
		const few = await openXor(39);
		await few.session.trainer.learnAll(20, () => false);
		await few.session.trainer.practise(() => false);
		expect(few.session.modelInForce).toMatchObject({ id: 'linear-2', handsOver: { atLabels: 40 } });
		few.session.dispose();

		const { session: sut, samples } = await openXor(80);
		await sut.trainer.learnAll(20, () => false);
		const labelled = sut.pool.labelledSampleIds();
		const linear = await answers(sut, labelled);
		const version = sut.version;
		await sut.trainer.practise(() => false); // the idle steps, then the hand-over that is due

		const mlp = await answers(sut, labelled);
		expect(sut.trainer.handOver.lastCheck!.next).toBeGreaterThan(sut.trainer.handOver.lastCheck!.live);
		expect(sut.modelInForce).toMatchObject({ id: 'tabular-mlp-2', tookOver: { labels: 80, version: version + 1 } });
		expect(sut.version).toBe(version + 1);
		const truth = labelled.map((id) => XOR.indexOf(samples.find((s) => s.id === id)!.truth));
		labelled.forEach((_, i) => expect([truth[i], linear[i]]).toContain(mlp[i]));
		expect(mlp.filter((c, i) => c === truth[i]).length).toBeGreaterThan(linear.filter((c, i) => c === truth[i]).length);
		expect(await sut.scorer.suggest()).toHaveLength(200);
		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});

	it('stays linear where the MLP does no better held out (iris), and checks again 20 labels later', async () => {
		const { session: sut } = await open(40);
		await sut.trainer.learnAll(20, () => false);
		await sut.trainer.practise(() => false);

		expect(sut.trainer.handOver.lastCheck).toMatchObject({ labels: 40 });
		expect(sut.trainer.handOver.lastCheck!.next).toBeLessThanOrEqual(sut.trainer.handOver.lastCheck!.live);
		expect(sut.context.architecture.id).toBe('linear-4');
		expect(sut.trainer.handOver.due).toBe(false);
		expect(sut.modelInForce.handsOver).toMatchObject({ nextCheck: 60, lastCheck: { labels: 40 } });
		sut.dispose();
	});

	it('a check cut short by the human’s next act counts for nothing: it is made again', async () => {
		const { session: sut } = await open(40);
		await sut.trainer.learnAll(20, () => false);
		let steps = 0;

		expect(await drive(sut.trainer.handOver.steps(), () => ++steps > 3)).toBe(false);

		expect(sut.trainer.handOver.lastCheck).toBeUndefined();
		expect(sut.trainer.handOver.due).toBe(true);
		expect(sut.context.architecture.id).toBe('linear-4');
		sut.dispose();
	});

	it('undo goes back across the hand-over to the linear model exactly, and a kept linear version can be rolled back to', async () => {
		const { session: sut } = await openXor(80);
		await sut.trainer.learnAll(20, () => false);
		const kept = { artifacts: await sut.lineage.save(), version: sut.version, classIds: [...XOR] };
		sut.lineage.checkpoint();
		const linear = await sut.context.learner.predict([sut.pool.get('x1')!.input]);
		await sut.trainer.practise(() => false);
		expect(sut.context.architecture.id).toBe('tabular-mlp-2');

		expect(sut.lineage.restore(kept.version)).toBe(true);
		expect(sut.context.architecture.id).toBe('linear-2');
		expect(await sut.context.learner.predict([sut.pool.get('x1')!.input])).toEqual(linear);
		expect(sut.lineage.restore(kept.version + 1)).toBe(true); // redo: the MLP again
		expect(sut.context.architecture.id).toBe('tabular-mlp-2');
		await sut.lineage.rollback(kept);
		expect(sut.context.architecture.id).toBe('linear-2');
		expect(await sut.context.learner.predict([sut.pool.get('x1')!.input])).toEqual(linear);
		sut.dispose();
	});

	it('a saved linear model of other columns is not restored: the project starts afresh on its columns now', async () => {
		const { session: first, samples } = await openXor(20);
		await first.trainer.learnAll(5, () => false);
		const saved = { artifacts: await first.lineage.save(), version: first.version, classIds: [...XOR] };
		first.dispose();
		const wider = samples.map(({ truth: _, input, ...s }) => ({ ...s, input: Float32Array.of(input[0]!, input[1]!, 0) }));

		const sut = await ProjectSession.open({ classIds: XOR, samples: wider, model: saved, architecture: rowArchitecture({ kind: 'tabular', width: 3 }) });

		expect(sut.context.architecture.id).toBe('linear-3');
		expect(sut.version).toBe(0);
		expect(await sut.scorer.suggest(['x0'])).toHaveLength(1);
		sut.dispose();
	});

	it('a saved MLP reopens as the MLP: the hand-over is not made again', async () => {
		const { session: first, samples } = await openXor(80);
		await first.trainer.learnAll(20, () => false);
		await first.trainer.practise(() => false);
		const saved = { artifacts: await first.lineage.save(), version: first.version, classIds: [...XOR] };
		first.dispose();

		const sut = await ProjectSession.open({ classIds: XOR, samples: samples.map(({ truth: _, ...s }) => s), model: saved, architecture: rowArchitecture({ kind: 'tabular', width: 2 }) });

		expect(sut.context.architecture.id).toBe('tabular-mlp-2');
		expect(sut.version).toBe(saved.version);
		sut.dispose();
	});
});

describe('learning from the unlabelled pool, in a session', () => {
	beforeAll(useWasm);

	it('learns from the rows its labels propagate to, never counts them as labels, drops one the human labels, and stops when switched off', async () => {
		const before = tf.memory().numTensors;
		const { session: sut } = await open(12, 'label-propagation');
		await sut.trainer.learnAll(30, () => false);
		await sut.scorer.suggest();
		const labelledBefore = [...sut.pool.labelledSampleIds()].sort();

		await sut.trainer.practise(() => false);

		expect(sut.trainer.fromPool).toBeGreaterThan(20);
		expect(sut.pool.labelledCount).toBe(12);
		expect([...sut.pool.labelledSampleIds()].sort()).toEqual(labelledBefore);
		expect(sut.pool.auditPicks()).toEqual([]);

		// A row learned from the pool, then labelled otherwise by the human: from the next step on, only the human's label is learned.
		let fromPool: readonly Example[] = [];
		const solveSteps = sut.context.learner.solveSteps.bind(sut.context.learner);
		vi.spyOn(sut.context.learner, 'solveSteps').mockImplementation((pool, given) => ((fromPool = given ?? []), solveSteps(pool, given)));
		await sut.trainer.practise(() => false);
		const taught = fromPool[0]!;
		const other = IRIS.find((_, c) => c !== taught.target!.indexOf(Math.max(...taught.target!)))!;
		await change(sut, taught.id, { classId: other });
		await sut.trainer.practise(() => false);

		expect(fromPool.length).toBeGreaterThan(20);
		expect(fromPool.some((e) => e.id === taught.id)).toBe(false);
		expect(sut.pool.trainingPool().find((e) => e.id === taught.id)).toMatchObject({ label: IRIS.indexOf(other) });
		expect(sut.pool.labelledCount).toBe(13);

		sut.trainer.setControl(control('off'));
		expect(sut.trainer.fromPool).toBe(0);
		await sut.trainer.practise(() => false);
		expect(sut.trainer.fromPool).toBe(0);
		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});

describe('the hand-over rule', () => {
	it('a network right more often but surer of its wrong answers (a higher held-out log loss) does not take over; right more often and with a lower loss, it does', () => {
		// The MLP head on 40 CIFAR photos: 2 more right, but at 50 labels 38 of its 73 auto-accepts were wrong.
		expect(earnsHandOver({ live: 14, next: 16, liveLoss: 1.9, nextLoss: 2.6 })).toBe(false);
		expect(earnsHandOver({ live: 14, next: 16, liveLoss: 1.9, nextLoss: 1.7 })).toBe(true);
		expect(earnsHandOver({ live: 14, next: 14, liveLoss: 1.9, nextLoss: 1.2 })).toBe(false);
	});
});
