/** A problem with something the user gave us, with a message fit to show them as is. */
export class InputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InputError';
	}
}
