import { InputError } from './input-error';

/** A tag names a slice of the samples: short enough to read in a list. */
export const MAX_TAG_LENGTH = 40;
/** Tags on one sample. */
export const MAX_TAGS = 20;

/**
 * A tag as the human typed it, made fit to store: spaces collapsed, control characters out. An empty
 * or over-long tag is refused with the reason. Markup is kept as typed and always shown as text.
 */
export function cleanTag(raw: string): string {
	const tag = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
	if (!tag) throw new InputError('A tag needs at least one letter or digit.');
	if (tag.length > MAX_TAG_LENGTH) throw new InputError(`A tag can be at most ${MAX_TAG_LENGTH} characters (this one has ${tag.length.toLocaleString('en')}).`);
	return tag;
}

/** The tag a folder import gives each sample: the folder the files were chosen in. */
export function folderTag(folder: string): string | null {
	const name = folder.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
	return name ? `folder: ${name.slice(0, MAX_TAG_LENGTH - 8)}` : null;
}
