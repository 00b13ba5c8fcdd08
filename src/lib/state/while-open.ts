/**
 * Work a panel asks of the learner while it is open: at once when it opens, and again a moment after
 * the model changes (so a burst of acts asks once), or after `later` when the work asks to be retried.
 */
export class WhileOpen {
	private visible = false;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private readonly stop: () => void;

	constructor(
		teach: { onModelChange(listener: () => void): () => void },
		private readonly work: () => Promise<void>,
		private readonly afterMs: number
	) {
		this.stop = teach.onModelChange(() => this.soon());
	}

	get open(): boolean {
		return this.visible;
	}

	show(visible: boolean): void {
		this.visible = visible;
		if (visible) void this.now();
	}

	/** Runs the work now; a run due later is dropped. */
	now(): Promise<void> {
		clearTimeout(this.timer);
		this.timer = undefined;
		return this.work();
	}

	/** Runs the work `ms` from now (after the model changes: `afterMs`), if the panel is open and no run is due. */
	soon(ms = this.afterMs): void {
		if (this.visible) this.timer ??= setTimeout(() => void this.now(), ms);
	}

	destroy(): void {
		clearTimeout(this.timer);
		this.stop();
	}
}
