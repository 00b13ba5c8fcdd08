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
