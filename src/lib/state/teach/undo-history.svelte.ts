/** One label change within an act. */
export interface LabelChange {
	sampleId: string;
	previous: string | null;
	next: string | null;
}

/**
 * One undoable act: the labels it changed and the model versions around it. Undo puts back the
 * labels and the version before; redo the labels and the version after (when the act taught the model).
 */
export interface Act {
	changes: LabelChange[];
	versionBefore: number;
	versionAfter?: number;
	/** Shown in the undo button's title: "Undo: labelled cat". */
	summary: string;
}

const LIMIT = 100;

/** The undo and redo stacks of one open project. A new act clears redo, as in every editor. */
export class UndoHistory {
	private done = $state.raw<Act[]>([]);
	private undone = $state.raw<Act[]>([]);

	get canUndo(): boolean {
		return this.done.length > 0;
	}

	get canRedo(): boolean {
		return this.undone.length > 0;
	}

	get nextUndo(): Act | undefined {
		return this.done.at(-1);
	}

	get nextRedo(): Act | undefined {
		return this.undone.at(-1);
	}

	push(act: Act): void {
		this.done = [...this.done.slice(-(LIMIT - 1)), act];
		this.undone = [];
	}

	/** Takes the newest act off the undo stack onto the redo stack. */
	takeUndo(): Act | undefined {
		const act = this.done.at(-1);
		if (act) [this.done, this.undone] = [this.done.slice(0, -1), [...this.undone, act]];
		return act;
	}

	takeRedo(): Act | undefined {
		const act = this.undone.at(-1);
		if (act) [this.undone, this.done] = [this.undone.slice(0, -1), [...this.done, act]];
		return act;
	}

	/** Puts an act back where it came from when undoing or redoing it failed. */
	restoreAfterFailedUndo(): void {
		this.takeRedo();
	}

	restoreAfterFailedRedo(): void {
		this.takeUndo();
	}

	clear(): void {
		this.done = [];
		this.undone = [];
	}
}
