/**
 * Object URLs for stored images, one per (sample, kind) for the life of the page. Keyed by id, not by
 * Blob: every database read returns new Blob objects, and a fresh URL per read would make the browser
 * decode every visible picture again after each act.
 */
const urls = new Map<string, string>();

export function blobUrl(key: string, blob: Blob | undefined): string | undefined {
	if (!blob) return undefined;
	let url = urls.get(key);
	if (!url) {
		url = URL.createObjectURL(blob);
		urls.set(key, url);
	}
	return url;
}

export function revokeAll(): void {
	for (const url of urls.values()) URL.revokeObjectURL(url);
	urls.clear();
}
