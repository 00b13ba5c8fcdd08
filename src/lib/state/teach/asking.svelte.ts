import type { Suggestion } from '$lib/core/session/types';
import type { QueryOrigin, Sample } from '$lib/core/types';
import { isNovel } from '$lib/core/query/threshold';

/** How the queue decides what to ask next (state/queue.svelte.ts registers one). */
export interface Asker {
	next(after?: string): string | null;
	originOf(sampleId: string): QueryOrigin | undefined;
	preAccepted(sampleId: string): boolean;
	/** Unlike anything the human taught (over the novelty threshold): never pre-accepted, asked about first. */
	novel(sampleId: string): boolean;
	/** The first few the queue will ask about: scored first after an act, so the queue's head is current. */
	head(): string[];
	/** A re-check of a sample labelled earlier: its label and the suggestion are not shown, and the answer is not a label. */
	isRecheck(sampleId: string): boolean;
	recheckAnswered(sampleId: string, agreed: boolean): void;
}

/** What the fallback looks at when there is no queue. */
export interface AskingFrom {
	readonly wanted: string[];
	readonly suggestions: ReadonlyMap<string, Suggestion>;
	sample(id: string): Sample | undefined;
}

/**
 * What to ask the human next: the queue's choice when a queue is shown, or else the least confident
 * unlabelled sample of those in view. The queue registers itself here with callbacks; the teach loop
 * knows no queue.
 */
export class Asking {
	private asker = $state.raw<Asker | undefined>();

	constructor(private readonly from: AskingFrom) {}

	/** The queue says what to ask next from now on; returns a function that stops it. */
	askWith(asker: Asker): () => void {
		this.asker = asker;
		return () => this.asker === asker && (this.asker = undefined);
	}

	next(after?: string): string | null {
		const queued = this.asker?.next(after);
		if (queued) return queued;
		const open = this.from.wanted.filter((id) => id !== after && this.from.sample(id) && !this.from.sample(id)!.classId);
		if (open.length === 0) return null;
		const confidence = (id: string) => this.from.suggestions.get(id)?.ranked[0]?.p ?? 0;
		return open.reduce((best, id) => (confidence(id) < confidence(best) ? id : best));
	}

	head(): string[] {
		return this.asker?.head() ?? [];
	}

	originOf(sampleId: string): QueryOrigin | undefined {
		return this.asker?.originOf(sampleId);
	}

	preAccepted(sampleId: string): boolean {
		return this.asker?.preAccepted(sampleId) ?? false;
	}

	isRecheck(sampleId: string): boolean {
		return this.asker?.isRecheck(sampleId) ?? false;
	}

	recheckAnswered(sampleId: string, agreed: boolean): void {
		this.asker?.recheckAnswered(sampleId, agreed);
	}

	novel(sampleId: string): boolean {
		return this.asker ? this.asker.novel(sampleId) : isNovel(this.from.suggestions.get(sampleId)?.novelty, {});
	}
}
