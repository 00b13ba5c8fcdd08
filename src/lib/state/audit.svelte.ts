import type { AuditVerdict } from '$lib/core/audit/chain';
import type { StoredEvent } from '$lib/core/types';
import { auditJsonLines, listAudit, type AuditFilter } from '$lib/storage/audit';
import { verifyAudit } from '$lib/storage/audit';
import { watchRecentEvents } from '$lib/storage/events';
import { appErrors } from './errors.svelte';
import { safeFileName } from '$lib/core/data/file-names';
import { download } from './download';

/** The kinds of record the trail can be narrowed to (event type prefixes). */
export const AUDIT_KINDS = [
	{ id: '', name: 'Everything' },
	{ id: 'sample.', name: 'Labels, ratings and signals' },
	{ id: 'model.', name: 'Model changes' },
	{ id: 'project.', name: 'Project and settings' },
	{ id: 'class.', name: 'Classes' }
];

/** A project's audit trail: filtered, verified on demand, exported as JSON Lines. */
export class AuditState {
	records = $state.raw<StoredEvent[]>([]);
	kind = $state('');
	text = $state('');
	verdict = $state.raw<AuditVerdict | null>(null);
	private stop: (() => void) | undefined;

	constructor(private readonly projectId: string) {}

	/**
	 * Follows the trail while it is on screen (any new record re-reads it), and not otherwise: reading
	 * the whole chain after every act would be I/O on the teach loop's path for nothing.
	 */
	show(visible: boolean): void {
		this.stop?.();
		this.stop = visible ? watchRecentEvents(this.projectId, () => void this.refresh(), (error) => appErrors.show(error)) : undefined;
	}

	async refresh(): Promise<void> {
		const filter: AuditFilter = { ...(this.kind ? { types: [this.kind] } : {}), ...(this.text.trim() ? { text: this.text } : {}) };
		try {
			this.records = await listAudit(this.projectId, filter);
		} catch (error) {
			appErrors.show(error);
		}
	}

	/** Recomputes every hash of the chain: any edited, inserted or deleted record shows. */
	async verify(): Promise<void> {
		try {
			this.verdict = await verifyAudit(this.projectId);
		} catch (error) {
			appErrors.show(error);
		}
	}

	async exportJsonLines(projectName: string): Promise<void> {
		try {
			download(new Blob([await auditJsonLines(this.projectId)], { type: 'application/jsonl' }), `${safeFileName(projectName, 'attune')}-audit.jsonl`);
		} catch (error) {
			appErrors.show(error);
		}
	}

	destroy(): void {
		this.show(false);
	}
}
