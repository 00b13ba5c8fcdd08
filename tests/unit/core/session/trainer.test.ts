import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tabularMlp } from '$lib/core/model/architecture';
import { drive } from '$lib/core/model/drive';
import { ProjectSession } from '$lib/core/session/project-session';
import { heldOutByRefit, OWED_ACTS } from '$lib/core/session/trainer';
import { OnlineLearner } from '$lib/core/model/online-learner';
import { IRIS, irisRows, sessionSamples } from '../../helpers/iris';
import { DIGIT_CLASSES, digitExamples, digitSamples } from '../../helpers/digits';
import { change, disposeAfterEach } from '../../helpers/sessions';
import { useWasm } from '../../helpers/wasm';

const keep = disposeAfterEach();
const open = async (samples: ReturnType<typeof digitSamples>) => keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples }));
const control = { learningRate: 0.001, stepsPerUpdate: 4, replaySize: 32 };

describe('Trainer', () => {
	beforeAll(useWasm);

	/** `count` digits of which the first `labelled` are labelled one act at a time, as the app does: each judged by the live model before its quick step. */
	async function taught(count: number, labelled: number) {
		const sut = await open(digitSamples(count, 0));
		for (const s of digitSamples(labelled)) {
			await sut.trainer.judgeUnseen([{ sampleId: s.id, classId: s.classId! }]);
			await change(sut, s.id, { classId: s.classId });
			await sut.trainer.quickStep(s.id);
		}
		return sut;
	}

	it('a background refit replaces a barely-trained model, then runs again only on labels judged since', async () => {
		const sut = await taught(120, 100);
		const version = sut.version;

		const first = await sut.trainer.refit(() => false);
		const before = tf.memory().numTensors; // the new live model now has its optimiser's state
		const second = await sut.trainer.refit(() => false);

		expect(first).toMatchObject({ ran: true, replaced: true });
		expect(first.challenger!).toBeGreaterThan(first.current!);
		expect(sut.version).toBe(version + 1);
		// The judgements were the old model's: none speaks for the new one yet, so there is nothing to compare.
		expect(second).toEqual({ ran: false, replaced: false });
		expect(tf.memory().numTensors).toBe(before);
	});

	it('a refit’s tally never counts a label its model trained on: the fresh model is tried on a fifth it never saw, the live one on how it answered those labels before learning them', async () => {
		const sut = await taught(120, 100);
		const heldOut = sut.pool.labelled().filter((e) => heldOutByRefit(e.id));
		const answeredRightly = heldOut.filter((e) => sut.teaching.history.judged.find((j) => j.sampleId === e.id)!.right).length;
		const trainedOn: string[][] = [];
		const fit = vi.spyOn(OnlineLearner.prototype, 'fit').mockImplementation(async function (this: OnlineLearner, examples) {
			trainedOn.push(examples.map((e) => e.id));
			return true;
		});
		try {
			const outcome = await sut.trainer.refit(() => false);

			expect(outcome.heldOut).toBe(heldOut.length);
			expect(outcome.current).toBeCloseTo(answeredRightly / heldOut.length, 10);
			const firstFit = new Set(trainedOn[0]);
			expect(heldOut.filter((e) => firstFit.has(e.id))).toEqual([]); // what decides, on labels it never saw
			expect(firstFit.size).toBe(100 - heldOut.length);
		} finally {
			fit.mockRestore();
		}
	});

	it('a refit does nothing on labels that came in bulk (none judged before it learned them), gives way when the human acts, and does nothing while frozen', async () => {
		const imported = await open(digitSamples(120));
		expect(await imported.trainer.refit(() => false)).toEqual({ ran: false, replaced: false });

		const sut = await taught(120, 60);
		const version = sut.version;
		const gaveWay = await sut.trainer.refit(() => true);
		sut.trainer.setControl({ ...control, frozen: true });
		const frozen = await sut.trainer.refit(() => false);

		expect(gaveWay).toEqual({ ran: false, replaced: false });
		expect(frozen).toEqual({ ran: false, replaced: false });
		expect(sut.version).toBe(version);
	});

	it('takes its idle steps only once two classes are labelled, improving fit on them, gives way, and leaks nothing', async () => {
		const oneClass = await open(digitSamples(40, 1));
		const untouched = (await oneClass.scorer.suggest())[1]!.ranked[0]!.p;
		expect(await oneClass.trainer.practise(() => false)).toBe(false);
		expect((await oneClass.scorer.suggest())[1]!.ranked[0]!.p).toBe(untouched);

		const sut = await open(digitSamples(40));
		const labelled = digitExamples(40);
		const before = await sut.trainer.evaluate(labelled);
		expect(await sut.trainer.practise(() => false)).toBe(true); // the first steps make the optimiser's state
		const tensors = tf.memory().numTensors;
		for (let i = 0; i < 3; i++) expect(await sut.trainer.practise(() => false)).toBe(true);
		expect(await sut.trainer.evaluate(labelled)).toBeGreaterThan(before);
		expect(tf.memory().numTensors).toBe(tensors);
		expect(await sut.trainer.practise(() => true)).toBe(false);
	});

	it('labelling fast loses no idle steps: those of acts cut off are owed, up to OWED_ACTS acts’ worth, and taken by the next practise to the last', async () => {
		const { schema, samples } = irisRows((i) => i % 10 === 0);
		const sut = keep(await ProjectSession.open({ classIds: IRIS, samples: sessionSamples(samples), architecture: tabularMlp(schema.width) }));
		const { idleSteps } = sut.context.settings;
		const labelled = samples.filter((s) => s.classId).map((s) => ({ id: s.id, input: s.input, label: IRIS.indexOf(s.truth) }));

		// Acts one after another, each cut off before its background task began.
		for (let act = 0; act < OWED_ACTS + 2; act++) sut.trainer.afterAct([]);
		expect(sut.trainer.owedIdleSteps).toBe(OWED_ACTS * idleSteps);

		// The next act's task, cut off part of the way: the steps it took are paid, the rest still owed.
		let pauses = 0;
		expect(await drive(sut.trainer.afterAct([]), () => ++pauses > 8)).toBe(false);
		const owed = sut.trainer.owedIdleSteps;
		expect(owed).toBeLessThan(OWED_ACTS * idleSteps);
		expect(owed).toBeGreaterThan(OWED_ACTS * idleSteps - 8);

		const before = await sut.trainer.evaluate(labelled);
		const tensors = tf.memory().numTensors;
		expect(await sut.trainer.practise(() => false)).toBe(true);
		expect(sut.trainer.owedIdleSteps).toBe(0);
		expect(await sut.trainer.evaluate(labelled)).toBeGreaterThanOrEqual(before);
		expect(tf.memory().numTensors).toBe(tensors);
	});

	it('a quick step and passes over everything each make one new version; a sample with nothing to learn makes none', async () => {
		const samples = digitSamples(30, 20);
		const sut = await open(samples);

		expect(await sut.trainer.learnAll(1, () => false)).toBe(true);
		await change(sut, samples[25]!.id, { classId: samples[25]!.digit });
		expect(await sut.trainer.quickStep(samples[25]!.id)).toBe(true);
		expect(await sut.trainer.quickStep(samples[26]!.id)).toBe(false); // unlabelled

		expect(sut.version).toBe(2);
	});

	it('judges each label before it is learned with the model as it is then: the kept version’s honest figure, which then starts again', async () => {
		const samples = digitSamples(60, 40);
		const sut = await open(samples);
		await sut.trainer.learnAll(3, () => false);
		const asked = samples.slice(40, 46);
		const tops = await sut.scorer.suggest(asked.map((s) => s.id));

		// Three labelled as the model says (right), three as a class it does not put first (wrong).
		const labels = asked.map((s, i) => ({ sampleId: s.id, classId: i < 3 ? tops[i]!.ranked[0]!.classId : tops[i]!.ranked[1]!.classId }));
		await sut.trainer.judgeUnseen([...labels, { sampleId: 'unknown', classId: '3' }, { sampleId: samples[47]!.id, classId: null }]);

		expect(sut.trainer.takeUnseenAccuracy()).toEqual({ accuracy: 0.5, heldOut: 6 });
		expect(sut.trainer.takeUnseenAccuracy()).toEqual({ heldOut: 0 });
	});

	it('says when a change of settings unfroze learning', async () => {
		const sut = await open(digitSamples(10));

		expect(sut.trainer.setControl({ ...control, frozen: true })).toBe(false);
		expect(sut.trainer.setControl({ ...control, learningRate: 0.002, frozen: true })).toBe(false);
		expect(sut.trainer.setControl({ ...control, frozen: false })).toBe(true);
		expect(sut.context.settings.learningRate).toBe(0.001);
	});
});
