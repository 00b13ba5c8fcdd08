export interface Toast {
	id: number;
	message: string;
	action?: { label: string; run: () => void | Promise<void> };
}

/** Short-lived notices, optionally with one action (e.g. "Undo"). */
class Toasts {
	items = $state<Toast[]>([]);
	private nextId = 0;

	show(message: string, action?: Toast['action'], timeoutMs = 8000): number {
		const id = ++this.nextId;
		this.items = [...this.items, { id, message, action }];
		setTimeout(() => this.dismiss(id), timeoutMs);
		return id;
	}

	dismiss(id: number): void {
		this.items = this.items.filter((t) => t.id !== id);
	}
}

export const toasts = new Toasts();
