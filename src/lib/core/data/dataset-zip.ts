import { zipSync, type Zippable } from 'fflate';
import type { LabelClass } from '../types';
import { safeFileName, UniqueNames } from './file-names';
import { InputError } from './input-error';
import { extensionFor, type FileBytes } from './project-contents';
import { MAX_WRITABLE_ENTRIES } from './project-zip';

/** One sample as the dataset export sees it. */
export interface DatasetItem {
	name: string;
	classId?: string;
	file: FileBytes;
}

export const UNLABELLED_FOLDER = 'unlabelled';

/** Extensions that name an image or sound type; a stored one was re-encoded, so its name's may be out of date. */
const MEDIA_EXTENSION = /\.(png|jpe?g|gif|webp|bmp|heic|heif|avif|tiff?|wav|mp3|ogg|oga|webm|m4a|flac)$/i;

function fileName(item: DatasetItem): string {
	const ext = extensionFor(item.file.type);
	const [stem, current] = MEDIA_EXTENSION.test(item.name) ? [item.name.replace(MEDIA_EXTENSION, ''), item.name.slice(item.name.lastIndexOf('.') + 1)] : [item.name, ''];
	// "cat.jpeg" stays as it is for a JPEG; "scan.bmp" stored as PNG becomes "scan.png".
	const keep = current.toLowerCase() === ext || (ext === 'jpg' && current.toLowerCase() === 'jpeg');
	return `${safeFileName(stem, 'sample')}.${keep ? current : ext}`;
}

/**
 * Where each item goes in the ImageFolder layout (class/file), in the items' order: one folder per
 * class with at least one sample, named after the class; unlabelled samples in "unlabelled/" (or
 * another free name, should a class be called that). Every path segment is safe and unique.
 */
export function datasetPaths(classes: readonly LabelClass[], items: readonly DatasetItem[]): string[] {
	const folders = new UniqueNames();
	const folderOf = new Map<string, string>();
	const used = new Set(items.map((i) => i.classId));
	for (const c of classes) if (used.has(c.id)) folderOf.set(c.id, folders.take(safeFileName(c.name, 'class'), true));
	const unlabelled = folders.take(folders.has(UNLABELLED_FOLDER) ? `${UNLABELLED_FOLDER} (no class)` : UNLABELLED_FOLDER, true);
	const filesIn = new Map<string, UniqueNames>();
	return items.map((item) => {
		const folder = (item.classId && folderOf.get(item.classId)) || unlabelled;
		if (!filesIn.has(folder)) filesIn.set(folder, new UniqueNames());
		return `${folder}/${filesIn.get(folder)!.take(fileName(item))}`;
	});
}

/** The samples as an ImageFolder zip, the layout most training tools read (torchvision, Keras, Teachable Machine). */
export function buildDatasetZip(classes: readonly LabelClass[], items: readonly DatasetItem[]): Uint8Array {
	if (items.length > MAX_WRITABLE_ENTRIES) throw new InputError(`This project holds too many samples (${items.length}) to export as one zip; the most is ${MAX_WRITABLE_ENTRIES}.`);
	const files: Zippable = {};
	datasetPaths(classes, items).forEach((path, i) => (files[path] = [items[i]!.file.bytes, { level: 0 }]));
	return zipSync(files);
}
