import type { AuditVerdict } from '$lib/core/audit/chain';
import type { StoredEvent } from '$lib/core/types';
import { auditJsonLines, listAudit, type AuditFilter } from '$lib/storage/audit';
import { verifyAudit } from '$lib/storage/audit';
import { watchRecentEvents } from '$lib/storage/events';
import { appErrors } from './errors.svelte';
import { download, fileStem } from './download';

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
	private readonly stop: () => void;

	constructor(private readonly projectId: string) {
		// Any new record re-reads the filtered trail.
		this.stop = watchRecentEvents(projectId, () => void this.refresh(), (error) => appErrors.show(error));
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
			download(new Blob([await auditJsonLines(this.projectId)], { type: 'application/jsonl' }), `${fileStem(projectName)}-audit.jsonl`);
		} catch (error) {
			appErrors.show(error);
		}
	}

	destroy(): void {
		this.stop();
	}
}
