/** Object URLs for stored blobs, made once per blob and revoked when the page lets go of them. */
const urls = new WeakMap<Blob, string>();
const made = new Set<string>();

export function blobUrl(blob: Blob | undefined): string | undefined {
	if (!blob) return undefined;
	let url = urls.get(blob);
	if (!url) {
		url = URL.createObjectURL(blob);
		urls.set(blob, url);
		made.add(url);
	}
	return url;
}

export function revokeAll(): void {
	for (const url of made) URL.revokeObjectURL(url);
	made.clear();
}
