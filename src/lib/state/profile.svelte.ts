import { getProfileName, setProfileName } from '$lib/storage/settings';
import { appErrors } from './errors.svelte';

/** Who acts on this device: every audit record carries this name (a class of pupils sharing a laptop, say). */
export class ProfileState {
	/** The name as stored. */
	saved = $state('');

	async load(): Promise<string> {
		try {
			this.saved = await getProfileName();
		} catch (error) {
			appErrors.show(error);
		}
		return this.saved;
	}

	/** Stores the name (trimmed and checked); false, with the message shown, if it is refused. */
	async save(name: string): Promise<boolean> {
		try {
			this.saved = await setProfileName(name);
			appErrors.clear();
			return true;
		} catch (error) {
			appErrors.show(error);
			return false;
		}
	}
}
