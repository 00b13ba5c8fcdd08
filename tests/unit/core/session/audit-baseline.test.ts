import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProjectSession } from '$lib/core/session/project-session';
import { DIGIT_CLASSES, digitSamples } from '../../helpers/digits';
import { change, disposeAfterEach } from '../../helpers/sessions';
import { useWasm } from '../../helpers/wasm';

const keep = disposeAfterEach();

/** 40 digits, the first 20 labelled, of which the first `audits` were answered as random audit picks. */
async function session(audits: number): Promise<ProjectSession> {
	const samples = digitSamples(40, 20).map((s, i) => ({ ...s, audit: i < audits }));
	return keep(await ProjectSession.open({ classIds: DIGIT_CLASSES, samples }));
}

async function learnAll(sut: ProjectSession): Promise<number> {
	let n = 0;
	while (await sut.baseline.learnNext(() => false)) n++;
	return n;
}

describe('AuditBaseline', () => {
	beforeAll(useWasm);

	it('guesses nothing before it has learned an audit pick, then learns them one at a time, leaving the live model alone', async () => {
		const sut = await session(6);
		const version = sut.version;
		const revision = sut.context.revision;

		expect((await sut.baseline.guesses(['d30'])).map((g) => g.suggested)).toEqual([null]);
		expect(await learnAll(sut)).toBe(6);
		const [guess] = await sut.baseline.guesses(['d30', 'nobody']);

		expect(guess).toMatchObject({ id: 'd30', labels: 6 });
		expect(DIGIT_CLASSES).toContain(guess!.suggested);
		expect(sut.version).toBe(version);
		expect(sut.context.revision).toBe(revision);
	});

	it('learns an audit pick again when its label changes, and forgets one that is no longer labelled', async () => {
		const sut = await session(3);
		await learnAll(sut);

		await change(sut, 'd0', { classId: '9' });
		await change(sut, 'd1', { classId: null });

		expect(await learnAll(sut)).toBe(1);
		expect(sut.baseline.labels).toBe(2);
	});

	it('starts afresh on another backend, and leaks no tensor while it learns', async () => {
		const sut = await session(4);
		await sut.baseline.learnNext(() => false); // the first step makes the optimiser's state
		const tensors = tf.memory().numTensors;
		await learnAll(sut);
		expect(tf.memory().numTensors).toBe(tensors);

		await sut.reload();

		expect(sut.baseline.labels).toBe(0);
		expect(await learnAll(sut)).toBe(4);
	});
});
