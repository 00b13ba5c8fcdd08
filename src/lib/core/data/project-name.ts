import { InputError } from './input-error';

export const MAX_PROJECT_NAME = 120;

/** Trims a project name and rejects what cannot be a name; the result is plain text, never markup. */
export function validateProjectName(raw: unknown): string {
	if (typeof raw !== 'string') throw new InputError('A project name must be text.');
	// Control characters would make names unreadable in lists and exports.
	const name = raw.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
	if (name.length === 0) throw new InputError('Give the project a name.');
	if (name.length > MAX_PROJECT_NAME) {
		throw new InputError(`A project name can be at most ${MAX_PROJECT_NAME} characters (this one has ${name.length}).`);
	}
	return name;
}
