import { penaltyMask } from '../explain/masks';
import { isAuditPick } from '../quality/audit-picks';
import type { Sample } from '../types';
import type { SessionSample } from './types';

/** What the learner penalises for a sample's explanation feedback (1 = should not matter). */
export function maskOf(sample: Sample): Uint8Array | undefined {
	return sample.attention && penaltyMask(sample.attention.painted, sample.attention.mode);
}

/**
 * A stored sample as the learner takes it: its input (a picture's 32x32 ink, or a row's or a note's
 * features), label, audit flag and feedback, and its image too for a model on an imported
 * extractor; null when it has nothing the model can take.
 */
export function toSession(sample: Sample, withImage: boolean): SessionSample | null {
	const input = sample.input ?? sample.features;
	if (!input) return null;
	return {
		id: sample.id,
		input,
		classId: sample.classId,
		audit: isAuditPick(sample),
		blob: withImage ? sample.blob : undefined,
		mask: maskOf(sample),
		attentionAt: sample.attention?.at ?? 0,
		updatedAt: sample.updatedAt
	};
}
