import { describeStorageError } from '$lib/storage/errors';

/** The one user-facing error line (data-testid="error"). Newest message wins. */
class AppErrors {
	message = $state<string | null>(null);

	show(error: unknown): void {
		this.message = describeStorageError(error);
	}

	/** Shows text as is (already written for the user). */
	say(message: string): void {
		this.message = message;
	}

	clear(): void {
		this.message = null;
	}
}

export const appErrors = new AppErrors();
