import type { Suggestion } from '$lib/core/session/types';
import type { QueryOrigin, Sample } from '$lib/core/types';

/** How the queue decides what to ask next (state/queue.svelte.ts registers one). */
export interface Asker {
	next(after?: string): string | null;
	originOf(sampleId: string): QueryOrigin | undefined;
	preAccepted(sampleId: string): boolean;
}

/**
 * What to ask the human next: the queue's choice when a queue is shown, or else the least confident
 * unlabelled sample. The queue registers itself here with callbacks; the teach loop knows no queue.
 */
export class Asking {
	private asker = $state.raw<Asker | undefined>();

	constructor(private readonly loop: { readonly samples: readonly Sample[]; readonly suggestions: Readonly<Record<string, Suggestion>> }) {}

	/** The queue says what to ask next from now on; returns a function that stops it. */
	askWith(asker: Asker): () => void {
		this.asker = asker;
		return () => this.asker === asker && (this.asker = undefined);
	}

	next(after?: string): string | null {
		const queued = this.asker?.next(after);
		if (queued) return queued;
		const open = this.loop.samples.filter((s) => !s.classId && s.id !== after);
		if (open.length === 0) return null;
		const confidence = (s: Sample) => this.loop.suggestions[s.id]?.ranked[0]?.p ?? 0;
		return open.reduce((best, s) => (confidence(s) < confidence(best) ? s : best)).id;
	}

	originOf(sampleId: string): QueryOrigin | undefined {
		return this.asker?.originOf(sampleId);
	}

	preAccepted(sampleId: string): boolean {
		return this.asker?.preAccepted(sampleId) ?? false;
	}
}
