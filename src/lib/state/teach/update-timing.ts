/**
 * The time from a human act to its re-scored suggestions being painted, as the update-latency bench
 * reads it (performance.measure 'attune:update'), and its phases: storing the act, the database
 * telling the learner, learning and re-scoring, painting.
 */
export class UpdateTiming {
	private pending = false;

	act(): void {
		performance.mark('attune:act');
		this.pending = true;
	}

	stored(): void {
		performance.mark('attune:stored');
	}

	/** The act was refused: nothing to time. */
	failed(): void {
		this.pending = false;
	}

	sent(): void {
		if (this.pending) performance.mark('attune:sent');
	}

	/** The learner's answer arrived; measured once it is painted, just after the next frame. `workMs`: the worker's own share of it. */
	answered(workMs: number): void {
		if (!this.pending) return;
		this.pending = false;
		performance.mark('attune:answered');
		performance.measure('attune:update:worker', { start: 0, duration: workMs });
		requestAnimationFrame(() =>
			setTimeout(() => {
				performance.measure('attune:update', 'attune:act');
				performance.measure('attune:update:store', 'attune:act', 'attune:stored');
				performance.measure('attune:update:notice', 'attune:stored', 'attune:sent');
				performance.measure('attune:update:learn', 'attune:sent', 'attune:answered');
				performance.measure('attune:update:paint', 'attune:answered');
			})
		);
	}
}

let queueMeasuredFor = -1;

/**
 * The queue was ranked again, in a ranking begun at `began`: from the newest act to now is how long
 * the human waited for a current queue after it ('attune:queue', once per act; the update-latency bench reads it).
 */
export function queueRanked(began: number): void {
	const act = performance.getEntriesByName('attune:act').at(-1);
	if (!act || act.startTime > began || act.startTime === queueMeasuredFor) return;
	queueMeasuredFor = act.startTime;
	performance.measure('attune:queue', { start: act.startTime, end: performance.now() });
}
