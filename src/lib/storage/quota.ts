import { InputError } from '$lib/core/data/input-error';

/** Storage the browser grants the app: whether it is persistent, and how much is used of the quota. */
export interface StorageStatus {
	persisted: boolean;
	usage?: number;
	quota?: number;
}

/** Asks the browser not to evict our data under storage pressure; returns whether it agreed. */
export async function requestPersistence(): Promise<boolean> {
	if (!navigator.storage?.persist) return false;
	if (await navigator.storage.persisted()) return true;
	return navigator.storage.persist();
}

export async function storageStatus(): Promise<StorageStatus> {
	const storage = navigator.storage;
	if (!storage?.estimate) return { persisted: false };
	const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? false]);
	return { persisted, usage: estimate.usage, quota: estimate.quota };
}

/** What one stored image takes besides its picture: the thumbnail, the model's input, the record. */
const PER_IMAGE_BYTES = 8 * 1024;
/** The most a stored picture takes: re-encoded at 1,024 pixels a side at most, a photo of any size is smaller. */
const MAX_STORED_BYTES = 1024 * 1024;

function megabytes(bytes: number): string {
	return `${Math.max(1, Math.round(bytes / (1024 * 1024))).toLocaleString('en')} MB`;
}

/**
 * Refuses, before anything is stored, an import of images of these byte sizes the device has no room
 * for (a picture is stored at most as big as it came, and at most MAX_STORED_BYTES). Passes when the
 * browser does not say how much room there is.
 */
export async function checkRoomFor(fileSizes: readonly number[]): Promise<void> {
	const { usage, quota } = await storageStatus();
	if (usage === undefined || quota === undefined) return;
	const count = fileSizes.length;
	const needed = fileSizes.reduce((sum, size) => sum + Math.min(size, MAX_STORED_BYTES) + PER_IMAGE_BYTES, 0);
	const free = quota - usage;
	if (needed <= free) return;
	throw new InputError(
		`These ${count.toLocaleString('en')} images need up to ${megabytes(needed)}, and this device has ${megabytes(free)} left for Attune. Free some space (or delete a project) and try again; nothing was imported.`
	);
}
