import { InputError } from './input-error';
import type { ClassGuideline } from '../types';

/** A guideline's words at most, and its typical samples. */
export const MAX_GUIDELINE_LENGTH = 500;
export const MAX_TYPICAL = 4;

/** A guideline as the human gave it, fit to store (undefined: none); too long or too many typical samples is refused with the reason. */
export function cleanGuideline(raw: string, typical: readonly string[]): ClassGuideline | undefined {
	const text = raw.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ').trim();
	if (text.length > MAX_GUIDELINE_LENGTH) throw new InputError(`A guideline can be at most ${MAX_GUIDELINE_LENGTH} characters (this one has ${text.length.toLocaleString('en')}).`);
	if (typical.length > MAX_TYPICAL) throw new InputError(`Pin at most ${MAX_TYPICAL} typical samples per class.`);
	return text || typical.length ? { text, typical: [...new Set(typical)] } : undefined;
}
