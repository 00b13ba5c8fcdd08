import { requestPersistence, storageStatus } from '$lib/storage/quota';

/** How much the browser lets us store, and whether it promised to keep it. */
class StorageState {
	persisted = $state(false);
	usage = $state<number | undefined>(undefined);
	quota = $state<number | undefined>(undefined);

	async refresh(): Promise<void> {
		const status = await storageStatus();
		this.persisted = status.persisted;
		this.usage = status.usage;
		this.quota = status.quota;
	}

	async requestPersistence(): Promise<void> {
		this.persisted = await requestPersistence().catch(() => false);
		await this.refresh();
	}
}

export const storage = new StorageState();
