import type { DecodedSound } from '$lib/worker/intake/intake-protocol';

/** A file to import, with the class it arrives labelled as (from its folder), if any. */
export interface PendingFile {
	file: Blob;
	name: string;
	className?: string | null;
	tags?: string[];
	/** A sound the page has decoded already (state/sound-files.ts). */
	decoded?: DecodedSound;
}
