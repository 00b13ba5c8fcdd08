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

/** Runs `work` with `owner.busy` set meanwhile; a failure is shown in the error line, not thrown. */
export async function whileBusy(owner: { busy: boolean }, work: () => Promise<unknown>): Promise<void> {
	owner.busy = true;
	try {
		await work();
	} catch (error) {
		appErrors.show(error);
	} finally {
		owner.busy = false;
	}
}
