import type { RefitOutcome } from '$lib/core/session/types';
import { lowerFirst } from '$lib/core/format';
import { appErrors } from '../errors.svelte';

/** How long the human must be idle before a full refit runs in the background. */
const REFIT_AFTER_MS = 6000;

const pct = (v?: number) => `${Math.round((v ?? 0) * 100)}%`;

/** What a refit found, in the status line's words. */
export function describeRefit(outcome: RefitOutcome): string {
	const { handOver, modelChoice: choice } = outcome;
	if (choice) {
		const figures = `each of ${choice.labels} labels held out in turn, the small CNN on the pixels was right on ${choice.pixels.right}, the backbone's head on ${choice.backbone.right}`;
		return choice.chose === 'pixels' ? `Model choice: ${figures}. The project learns on the pictures' pixels now.` : `Model choice: ${figures}. The pretrained backbone stays.`;
	}
	if (handOver) return `The ${lowerFirst(handOver.to)} answered ${handOver.nextRight} of ${handOver.heldOut} held-out labels rightly, the ${lowerFirst(handOver.from)} ${handOver.liveRight}: it took over.`;
	return outcome.replaced
		? `Background refit: better on ${outcome.heldOut} held-out labels (${pct(outcome.challenger)} vs ${pct(outcome.current)}), now in use.`
		: `Background refit: kept the live model (${pct(outcome.current)} vs ${pct(outcome.challenger)} on ${outcome.heldOut} held-out labels).`;
}

/**
 * A full refit when the human has paused (REFIT_AFTER_MS after the learner last answered), at most
 * once per number of labels; it replaces the model only if it does better held out.
 */
export class IdleRefit {
	private timer: ReturnType<typeof setTimeout> | undefined;
	private refittedAt = -1;

	constructor(
		private readonly refit: () => Promise<RefitOutcome> | undefined,
		private readonly labelled: () => number,
		private readonly report: (note: string, outcome: RefitOutcome) => void
	) {}

	/** The learner just answered: the idle time starts again. */
	restart(): void {
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.run(), REFIT_AFTER_MS);
	}

	stop(): void {
		clearTimeout(this.timer);
	}

	private async run(): Promise<void> {
		const labelled = this.labelled();
		if (labelled === this.refittedAt) return;
		try {
			const asked = this.refit();
			if (!asked) return;
			this.refittedAt = labelled;
			const outcome = await asked;
			if (outcome.ran) this.report(describeRefit(outcome), outcome);
		} catch (error) {
			appErrors.show(error);
		}
	}
}
