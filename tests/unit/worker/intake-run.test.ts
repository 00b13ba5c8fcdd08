import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '$lib/core/data/input-error';
import { db } from '$lib/storage/db';
import { describeStoppedImport } from '$lib/storage/errors';
import { createProject } from '$lib/storage/projects';
import { listSamples } from '$lib/storage/samples';
import type { IntakeFile, IntakeUpdate } from '$lib/worker/intake/intake-protocol';
import { batchEnds, INTAKE_BATCH, INTAKE_BATCH_BYTES, runIntake as sut, type DecodeImage } from '$lib/worker/intake/intake-run';
import { useFreshDb } from '../helpers/fresh-db';

/** Files named p0..p(n-1); their bytes say which one they are. */
function files(n: number, className?: string): IntakeFile[] {
	return Array.from({ length: n }, (_, i) => ({ file: new Blob([`p${i}`]), name: `p${i}.png`, className }));
}

/** A decoder that stands in for the browser's (no OffscreenCanvas in Node): every file decodes, but `bad`. */
function decoder(bad: readonly string[] = []): DecodeImage {
	return async (file, name) => {
		if (bad.includes(name)) throw new InputError(`“${name}” could not be read as an image (it may be corrupt or truncated).`);
		return { name, blob: file, input: new Uint8Array(32 * 32).fill(name.length) };
	};
}

/** From the `after`-th sample stored on, IndexedDB throws as a full disk does. */
function diskFullAfter(after: number): () => void {
	const store = (globalThis as unknown as { IDBObjectStore: { prototype: { add: (...a: unknown[]) => unknown } } }).IDBObjectStore.prototype;
	const add = store.add;
	let added = 0;
	store.add = function (this: { name: string }, ...args: unknown[]) {
		if (this.name === 'samples' && ++added > after) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
		return add.apply(this, args);
	};
	return () => (store.add = add);
}

async function run(projectId: string, job: IntakeFile[], decode = decoder()): Promise<IntakeUpdate[]> {
	const updates: IntakeUpdate[] = [];
	await sut({ projectId, files: job, source: 'upload' }, (u) => updates.push(u), () => false, decode);
	return updates;
}

describe('the intake run', () => {
	useFreshDb();
	let restore = () => {};
	afterEach(() => restore());

	it('stores the files a batch per transaction, reports progress after each, and names a bad file while the rest import', async () => {
		const project = await createProject('Field photos', 'image');

		const n = 2 * INTAKE_BATCH + 22;
		const bad = `p${INTAKE_BATCH + 70}.png`; // in the second batch

		const updates = await run(project.id, files(n, 'heron'), decoder([bad]));

		expect(updates.filter((u) => u.type === 'progress').map((u) => u.type === 'progress' && [u.done, u.stored])).toEqual([[INTAKE_BATCH, INTAKE_BATCH], [2 * INTAKE_BATCH, 2 * INTAKE_BATCH - 1], [n, n - 1]]);
		expect(updates.filter((u) => u.type === 'item-error')).toMatchObject([{ name: bad, message: expect.stringContaining(`“${bad}” could not be read`) }]);
		expect(updates.at(-1)).toEqual({ type: 'done', stored: n - 1 });
		const stored = await listSamples(project.id);
		expect(stored).toHaveLength(n - 1);
		expect(stored.map((s) => s.name)).toEqual(files(n).map((f) => f.name).filter((name) => name !== bad)); // in the order given
		expect(new Set(stored.map((s) => s.classId)).size).toBe(1); // all in the class their folder named
	});

	it('stores every clip a long sound is cut into, in its folder’s class, in order; a silent file is named and the rest import', async () => {
		const project = await createProject('Garden birds', 'sound');
		// The clips intakeSound makes of a file: one per whole second here; "quiet" has none.
		const clips: DecodeImage = async (file, name) => {
			const seconds = Number((await file.text()).split(':')[1]);
			if (seconds === 0) throw new InputError(`“${name}” is silent: nothing in it is louder than -60 dB.`);
			return Array.from({ length: seconds }, (_, i) => ({ name: `${name} (${i + 1} of ${seconds})`, blob: file, input: new Uint8Array(32 * 32), seconds: 1 }));
		};
		const job = [['wren.wav', 3], ['quiet.wav', 0], ['robin.wav', 1]].map(([name, seconds]) => ({ file: new Blob([`s:${seconds}`]), name: name as string, className: 'song' }));

		const updates = await run(project.id, job, clips);

		expect(updates.filter((u) => u.type === 'item-error')).toMatchObject([{ name: 'quiet.wav', message: '“quiet.wav” is silent: nothing in it is louder than -60 dB.' }]);
		expect(updates.at(-1)).toEqual({ type: 'done', stored: 4 });
		const stored = await listSamples(project.id);
		expect(stored.map((s) => s.name)).toEqual(['wren.wav (1 of 3)', 'wren.wav (2 of 3)', 'wren.wav (3 of 3)', 'robin.wav (1 of 1)']);
		expect(stored.every((s) => s.seconds === 1 && s.classId === stored[0]!.classId && s.classId)).toBe(true);
	});

	it('when the disk fills during the third batch, keeps the two batches stored before, stores nothing of the third, and says how far it got', async () => {
		const project = await createProject('Field photos', 'image');
		restore = diskFullAfter(2 * INTAKE_BATCH + 10);

		const updates = await run(project.id, files(3 * INTAKE_BATCH));

		const end = updates.at(-1)!;
		expect(end).toMatchObject({ type: 'failed', stored: 2 * INTAKE_BATCH, error: { name: expect.stringMatching(/Abort|QuotaExceeded/) } });
		restore();
		const stored = await listSamples(project.id);
		expect(stored.map((s) => s.name)).toEqual(files(2 * INTAKE_BATCH).map((f) => f.name));
		const added = await db().events.where('type').equals('sample.add').count();
		expect(added).toBe(2); // one logged act per stored batch, none for the batch that failed
		const message = describeStoppedImport(end.type === 'failed' && end.error, 2 * INTAKE_BATCH, 3 * INTAKE_BATCH);
		expect(message).toBe(`Your device has no room left for Attune’s data. Free some space (or delete a project) and try again. ${2 * INTAKE_BATCH} of ${3 * INTAKE_BATCH} images were stored before it stopped; they are kept.`);
	});

	it('stops after the batch in hand when cancelled, keeping what it stored', async () => {
		const project = await createProject('Field photos', 'image');
		const updates: IntakeUpdate[] = [];

		await sut({ projectId: project.id, files: files(2 * INTAKE_BATCH), source: 'upload' }, (u) => updates.push(u), () => updates.some((u) => u.type === 'progress'), decoder());

		expect(updates.at(-1)).toEqual({ type: 'cancelled', stored: INTAKE_BATCH });
		expect(await listSamples(project.id)).toHaveLength(INTAKE_BATCH);
	});

	it('closes a batch at INTAKE_BATCH files, or sooner when its files reach INTAKE_BATCH_BYTES (photos), and never leaves a file out', () => {
		const photo = INTAKE_BATCH_BYTES / 4 - 1; // four fit in a batch
		const small = Array.from({ length: 2 * INTAKE_BATCH + 1 }, () => 1000);

		expect(batchEnds(small)).toEqual([INTAKE_BATCH, 2 * INTAKE_BATCH, 2 * INTAKE_BATCH + 1]);
		expect(batchEnds(Array.from({ length: 10 }, () => photo))).toEqual([4, 8, 10]);
		expect(batchEnds([1000, 2 * INTAKE_BATCH_BYTES, 1000])).toEqual([1, 2, 3]); // one file over the limit is a batch of its own
		expect(batchEnds([])).toEqual([]);
	});
});
