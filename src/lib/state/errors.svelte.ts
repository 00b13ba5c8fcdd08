import { describeStorageError } from '$lib/storage/errors';

/** The one user-facing error line (data-testid="error"). Newest message wins. */
class AppErrors {
	message = $state<string | null>(null);

	show(error: unknown): void {
		this.message = describeStorageError(error);
	}

	clear(): void {
		this.message = null;
	}
}

export const appErrors = new AppErrors();
