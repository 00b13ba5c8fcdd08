import type { InlinePicture, Sample } from '$lib/core/types';

/**
 * A picture (or a row's file) at most this big is kept inside its sample's record, as bytes, and made
 * a Blob again when the record is read. Chromium writes every Blob in an IndexedDB record to a file of
 * its own: ~1.2 ms each on disk, a fifth of an import of 5,000 small PNGs, against ~0.15 ms for the
 * same bytes in the record (measured in a profile on disk, batches of 64). A bigger picture, a photo,
 * stays a Blob: its bytes are read from that file only when it is shown, never with every read of the
 * record (a relabel, the learner reading the project in).
 */
export const INLINE_BYTES = 32 * 1024;

/**
 * Whether a file is kept inside its record. A sound never is, small as a clip may be (a second is 32 KB):
 * the page never shows it from its bytes, and every read of a project (the sample index, the learner
 * reading it in) would carry every clip's audio along; as a Blob it is read only when played or exported.
 * Measured on a 5,000-clip project (update-latency --kind sound --settle): inline, 3.3 s from a reload to
 * the first suggestion, 5.2 s to every clip scored and a 34 MB page heap; as Blobs, 3.1 s, 4.5 s and
 * 28 MB (5,000 small pictures: 2.6 s, 3.4 s, 11 MB).
 */
function inline(size: number, type: string): boolean {
	return size <= INLINE_BYTES && !type.startsWith('audio/');
}

/**
 * A sample as the samples table holds it: each picture inline (`image`, `thumb`) or as a Blob
 * (`blob`, `thumbnail`), as every sample stored before inline pictures still is.
 */
export type StoredSample = Omit<Sample, 'blob' | 'thumbnail'> & {
	blob?: Blob;
	thumbnail?: Blob;
};

/** A picture as stored, from its bytes: inline when small, else a Blob (field names as StoredSample's). */
export function pictureOf(bytes: Uint8Array, type: string, as: 'main' | 'thumbnail' = 'main'): Partial<StoredSample> {
	const kept = inline(bytes.byteLength, type);
	if (as === 'main') return kept ? { image: { bytes, type } } : { blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }) };
	return kept ? { thumb: { bytes, type } } : { thumbnail: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }) };
}

async function stored(blob: Blob, as: 'main' | 'thumbnail'): Promise<Partial<StoredSample>> {
	if (!inline(blob.size, blob.type)) return as === 'main' ? { blob } : { thumbnail: blob };
	return pictureOf(new Uint8Array(await blob.arrayBuffer()), blob.type, as);
}

/**
 * A new sample as it is stored: its small pictures' bytes read out of their Blobs (before the
 * transaction that stores it). The Blobs given are the pictures: any inline bytes the object carried
 * from an earlier read are dropped.
 */
export async function toStored<T extends { blob: Blob; thumbnail?: Blob; image?: InlinePicture; thumb?: InlinePicture }>(
	sample: T
): Promise<Omit<T, 'blob' | 'thumbnail' | 'image' | 'thumb'> & Partial<StoredSample>> {
	const { blob, thumbnail, image: _image, thumb: _thumb, ...rest } = sample;
	return { ...rest, ...(await stored(blob, 'main')), ...(thumbnail ? await stored(thumbnail, 'thumbnail') : {}) };
}

/**
 * A record as the app uses it: every picture a Blob, made from its inline bytes only when something
 * asks for it (an export, the editor); the page shows small pictures from the bytes themselves. The
 * samples table's reading hook (db.ts), so every read gets Samples.
 */
export function fromStored(row: StoredSample): Sample {
	if (!row?.image && !row?.thumb) return row as Sample; // a get of a missing key reads undefined
	const sample = { ...row };
	if (row.image) blobWhenAsked(sample, 'blob', row.image);
	if (row.thumb) blobWhenAsked(sample, 'thumbnail', row.thumb);
	return sample as Sample;
}

/** A Blob property made on first read (each Blob costs the browser a registration), then kept. */
function blobWhenAsked(target: StoredSample, key: 'blob' | 'thumbnail', picture: InlinePicture): void {
	let made: Blob | undefined;
	Object.defineProperty(target, key, {
		enumerable: true,
		configurable: true,
		get: () => (made ??= new Blob([picture.bytes as Uint8Array<ArrayBuffer>], { type: picture.type })),
		set: (value: Blob) => (made = value)
	});
}

/**
 * Stored samples as the table's rows: it is typed by what a read gives back (Sample, through the
 * reading hook), not by what is written.
 */
export function asRows(rows: readonly StoredSample[]): Sample[] {
	return rows as unknown as Sample[];
}
