import { describe, expect, it } from 'vitest';
import { db } from '$lib/storage/db';
import { getSamples } from '$lib/storage/sample-queries';
import { createProject } from '$lib/storage/projects';
import { addRows } from '$lib/storage/rows';
import { addSamples } from '$lib/storage/samples';
import { INLINE_BYTES } from '$lib/storage/stored-images';
import { useFreshDb } from '../helpers/fresh-db';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251);
const picture = (n: number, seed: number, type: string) => new Blob([bytes(n, seed)], { type });

/** The records as IndexedDB holds them, without the reading hook that makes pictures Blobs again. */
const raw = async () => (await db().samples.toCollection().raw().toArray()) as unknown as Record<string, unknown>[];

describe('pictures in storage', () => {
	useFreshDb();

	it('keeps a small picture and thumbnail inside the record and a photo as a Blob, and reads both back as they were given', async () => {
		const project = await createProject('P', 'image');
		const [small, photo] = await addSamples(project.id, [
			{ name: 'sketch.png', blob: picture(900, 1, 'image/png'), input: new Uint8Array(4) },
			{ name: 'photo.jpg', blob: picture(INLINE_BYTES + 1, 2, 'image/jpeg'), thumbnail: picture(5000, 3, 'image/jpeg'), input: new Uint8Array(4) }
		], 'upload');

		const stored = await raw();
		const read = await getSamples([small!.id, photo!.id]);

		const rawSmall = stored.find((r) => r.id === small!.id)!;
		const rawPhoto = stored.find((r) => r.id === photo!.id)!;
		expect(rawSmall.blob).toBeUndefined(); // no file of its own
		expect(rawSmall.image).toMatchObject({ type: 'image/png' });
		expect(rawPhoto.blob).toBeInstanceOf(Blob);
		expect(rawPhoto.image).toBeUndefined();
		expect(rawPhoto.thumb).toMatchObject({ type: 'image/jpeg' }); // its thumbnail is small
		expect(read.map((s) => [s.blob.type, s.blob.size, s.thumbnail?.size])).toEqual([['image/png', 900, undefined], ['image/jpeg', INLINE_BYTES + 1, 5000]]);
		expect(read[0]!.image?.bytes).toEqual(bytes(900, 1)); // what the page shows it from
		expect(read[1]!.image).toBeUndefined();
		expect(new Uint8Array(await read[0]!.blob.arrayBuffer())).toEqual(bytes(900, 1)); // a Blob when asked for
		expect(new Uint8Array(await read[1]!.thumbnail!.arrayBuffer())).toEqual(bytes(5000, 3));
	});

	it('keeps a sound clip as a Blob however small, so a read of the project does not carry its audio; its waveform stays inside', async () => {
		const project = await createProject('Birdsong', 'sound');
		const [clip] = await addSamples(project.id, [{ name: 'wren.wav', blob: picture(16_044, 4, 'audio/wav'), thumbnail: picture(800, 5, 'image/png'), input: new Uint8Array(4), seconds: 0.5 }], 'upload');

		const [stored] = await raw();
		const [read] = await getSamples([clip!.id]);

		expect(stored!.blob).toBeInstanceOf(Blob);
		expect(stored!.image).toBeUndefined();
		expect(stored!.thumb).toMatchObject({ type: 'image/png' });
		expect(new Uint8Array(await read!.blob.arrayBuffer())).toEqual(bytes(16_044, 4));
	});

	it('keeps a note’s own file inside its record, and reads a sample stored before inline pictures as it was', async () => {
		const project = await createProject('Notes', 'text');
		const [note] = await addRows(project.id, [{ name: 'note 1', label: null, text: 'the tide is high', features: new Float32Array(2) }], 'upload');
		const { image: _, ...fields } = note!;
		const before = { ...fields, id: 'old', blob: picture(10, 4, 'image/png') };
		await db().samples.add(before); // as a Blob, as every sample was stored until now

		const [readNote, readOld] = await getSamples([note!.id, 'old']);

		expect((await raw()).find((r) => r.id === note!.id)!.blob).toBeUndefined();
		expect(await readNote!.blob.text()).toBe('the tide is high');
		expect(readNote!.blob.type).toBe('text/plain');
		expect(new Uint8Array(await readOld!.blob.arrayBuffer())).toEqual(bytes(10, 4));
	});
});
