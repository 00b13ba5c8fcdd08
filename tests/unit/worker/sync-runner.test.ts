import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackendFallback } from '$lib/core/backend/fallback';
import { ProjectSession } from '$lib/core/session/project-session';
import type { SessionSample, SyncResult } from '$lib/core/session/types';
import { Scheduler } from '$lib/worker/scheduler';
import { SyncRunner } from '$lib/worker/sync-runner';
import { DIGIT_CLASSES, digitSamples } from '../helpers/digits';
import { useWasm } from '../helpers/wasm';

let scheduler: Scheduler<ProjectSession>;

/** 40 digits (or `count`), the first 20 (or `labelled`) labelled, of which the first 4 were answered as random audit picks; open in a scheduler as the worker holds it. */
async function opened(count = 40, labelled = 20): Promise<{ session: ProjectSession; sut: SyncRunner }> {
	const samples = digitSamples(count, labelled).map((s, i) => ({ ...s, audit: i < 4 }));
	const session = await ProjectSession.open({ classIds: DIGIT_CLASSES, samples });
	scheduler = new Scheduler<ProjectSession>();
	scheduler.useBackends(new BackendFallback('wasm', [], async () => true));
	await scheduler.open(async () => session);
	return { session, sut: new SyncRunner(scheduler, () => {}) };
}

/** The human labels `id` as `classId` when the queue asked it as a random audit pick: the act, as the worker runs it. */
function auditLabel(session: ProjectSession, sut: SyncRunner, id: string, classId: string) {
	const held = session.pool.get(id)!;
	const changed: SessionSample = { ...held, classId, audit: true, updatedAt: (held.updatedAt ?? 0) + 1 };
	scheduler.humanActed();
	return scheduler.run((s) => sut.sync(s, { changed: [changed], wanted: [id] }), 'urgent');
}

/** Closes the project in turn, as the worker does: its session (models, baseline, kept versions) is freed. */
async function closed(): Promise<void> {
	scheduler.closeInTurn();
	await scheduler.serial(async () => undefined);
}

describe('SyncRunner', () => {
	beforeAll(useWasm);
	afterEach(closed);

	it('answers an act without teaching the audit baseline, which learns the audit picks in the background afterwards', async () => {
		const { session, sut } = await opened();

		await auditLabel(session, sut, 'd30', '3');

		expect(session.baseline.labels).toBe(0); // not on the act's path
		expect(session.baseline.behind).toBe(true);
		await vi.waitFor(() => expect(scheduler.busy).toBe(false), { timeout: 30_000, interval: 50 });
		expect(session.baseline.labels).toBe(5); // the four it opened with and the new one
		expect(session.baseline.behind).toBe(false);
	});

	it('catches the baseline up on every audit pick of a burst of acts, once the human pauses, leaking no tensor', async () => {
		const tensors = tf.memory().numTensors;
		const { session, sut } = await opened();

		await auditLabel(session, sut, 'd30', '3');
		await auditLabel(session, sut, 'd31', '4'); // before the quiet moment the background waits for

		expect(session.baseline.labels).toBe(0);
		await vi.waitFor(() => expect(scheduler.busy).toBe(false), { timeout: 30_000, interval: 50 });
		expect(session.baseline.labels).toBe(6);
		await closed();
		expect(tf.memory().numTensors).toBe(tensors);
	});
});

describe('SyncRunner and the teaching record', () => {
	beforeAll(useWasm);
	afterEach(closed);

	it('judges each act before learning it, then refits the calibration and rebuilds the novelty reference in the background: the next suggestions carry their novelty', async () => {
		const { session } = await opened(50, 35); // 3 labels a class and more: enough to say what is unlike them
		const news: SyncResult[] = [];
		const runner = new SyncRunner(scheduler, (r) => news.push(r));

		await auditLabel(session, runner, 'd40', '3');

		expect(session.teaching.history.judgedTotal).toBe(1);
		expect(session.teaching.history.acts).toHaveLength(1);
		await vi.waitFor(() => expect(scheduler.busy).toBe(false), { timeout: 30_000, interval: 50 });
		expect(session.teaching.reference?.embedding.count).toBe(36);
		const last = news.at(-1)!;
		expect(last.suggestions.length).toBeGreaterThan(0);
		expect(last.suggestions.every((s) => Number.isFinite(s.novelty))).toBe(true);
	});
});
