import type { Sample } from '$lib/core/types';

/**
 * URLs for stored pictures, one per (sample, kind), the newest KEPT of them. Keyed by id, not by Blob:
 * every database read returns new objects, and a fresh URL per read would make the browser decode
 * every visible picture again after each act. A small picture kept inside its record becomes a data
 * URL from its bytes; a Blob URL costs a round trip to the browser's blob registry (~15 ms an act when
 * the grid shows a new screenful of a 50,000-sample project).
 */
const urls = new Map<string, string>();
/** URLs kept at most: every screenful the human scrolls past would be kept otherwise. */
const KEPT = 3000;

function blobUrl(key: string, blob: Blob | undefined): string | undefined {
	if (!blob) return undefined;
	return remembered(key, () => URL.createObjectURL(blob));
}

/** The sample's picture (`full`) or its thumbnail, the thumbnail being the picture when it is small. */
export function pictureUrl(sample: Sample, kind: 'full' | 'thumb'): string | undefined {
	const inline = kind === 'thumb' ? (sample.thumb ?? (sample.thumbnail ? undefined : sample.image)) : sample.image;
	if (inline) return remembered(`${sample.id}:${kind}`, () => `data:${inline.type};base64,${base64(inline.bytes)}`);
	return blobUrl(`${sample.id}:${kind}`, kind === 'thumb' ? (sample.thumbnail ?? sample.blob) : sample.blob);
}

function remembered(key: string, make: () => string): string {
	let url = urls.get(key);
	if (url) return url;
	url = make();
	urls.set(key, url);
	for (const [old, made] of urls) {
		if (urls.size <= KEPT) break;
		if (made.startsWith('blob:')) URL.revokeObjectURL(made);
		urls.delete(old);
	}
	return url;
}

function base64(bytes: Uint8Array): string {
	let binary = '';
	for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
	return btoa(binary);
}

export function revokeAll(): void {
	for (const url of urls.values()) if (url.startsWith('blob:')) URL.revokeObjectURL(url);
	urls.clear();
}
