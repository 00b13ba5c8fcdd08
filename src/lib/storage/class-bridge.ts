import type { ClassLink } from '$lib/core/types';
import { ownConflicts, resolveOwnConflict, type OwnConflict } from './class-conflicts';
import { applyRemote, settleAll } from './class-inbound';
import { pushLocal } from './class-outbound';
import { fetchPicturesIfLow, PICTURE_PAGE } from './class-pictures';
import { browserPouch, type PouchFactory, type PouchLike, type Replication } from './class-pouch';
import { db } from './db';

/**
 * The bridge between Dexie (the app's store) and a class on a CouchDB server. Dexie stays the one
 * store the app reads; this device's copy of the class is a PouchDB database beside it, replicated
 * with the server live and resuming by itself after days offline. Local acts go out through the
 * audit log (class-outbound.ts); the class comes in through the copy's changes (class-inbound.ts).
 * Labels, decisions and members are pulled before pictures, so they arrive first.
 */

export type SyncState = 'connecting' | 'synced' | 'syncing' | 'offline' | 'refused';

export interface SyncStatus {
	state: SyncState;
	/** Documents this device wrote that the server does not have yet. */
	waiting: number;
	/** When the device last failed to reach the server (unset while it reaches it). */
	offlineSince?: number;
	/** What went wrong, in words: a refused change, a wrong password, a server that is not one. */
	problem?: string;
}

export const localClassDbName = (projectId: string) => `attune-class-${projectId}`;

export class ClassBridge {
	status: SyncStatus = { state: 'connecting', waiting: 0 };
	private local: PouchLike | undefined;
	factory: PouchFactory | undefined;
	private remote: PouchLike | undefined;
	private replications: Replication[] = [];
	/** Revisions written here and not yet pushed; `pushed` remembers what the push carried, which can be first. */
	private unsent = new Map<string, string>();
	private pushed = new Map<string, string>();
	private running: Promise<void> = Promise.resolve();
	private again = false;
	private busy = false;
	private stopped = false;
	/** This member's labels that arrived with two revisions standing (checked again when asked). */
	private conflicted = new Set<string>();
	/** Set once the server answered: until then the status is "connecting". */
	private reached = false;

	constructor(
		readonly projectId: string,
		private link: ClassLink,
		private onStatus: (status: SyncStatus) => void = () => {},
		private pouch: () => Promise<PouchFactory> = browserPouch,
		private readonly picturePage = PICTURE_PAGE
	) {}

	async start(): Promise<void> {
		const factory = (this.factory = await this.pouch());
		if (this.stopped) return;
		this.local = factory.local(localClassDbName(this.projectId));
		this.remote = factory.remote(`${this.link.server}/${this.link.db}`, this.link.memberId, this.link.password);
		this.report({ offlineSince: this.link.offlineSince });
		const push = this.local.replicate.to(this.remote, { live: true, retry: true, batch_size: 50 });
		push.on('change', (info) => {
			for (const doc of info.docs ?? info.change?.docs ?? []) {
				this.pushed.set(doc._id, doc._rev ?? '');
				if (this.unsent.get(doc._id) === doc._rev) this.unsent.delete(doc._id);
			}
			this.report({});
		});
		push.on('denied', (error) => {
			// Refused for good: it is not waiting any more, and the device says why.
			if (error?.id) this.unsent.delete(error.id);
			const why = String(error?.reason ?? error?.message ?? 'not allowed').replace(/\.$/, '');
			this.report({ problem: `The class server refused a change: ${why}.` });
		});
		const meta = this.local.replicate.from(this.remote, { live: true, retry: true, filter: 'attune/meta', batch_size: 200 });
		let pictures: Replication | undefined;
		for (const replication of [push, meta]) this.watch(replication);
		meta.on('paused', (error) => {
			if (error || pictures || this.stopped || this.link.role !== 'teacher') return;
			// Labels first: the pictures follow once the labels have caught up. The teacher's device
			// holds them all (it trains the class model); a student's gets pages as needed (sync()).
			pictures = this.local!.replicate.from(this.remote!, { live: true, retry: true, filter: 'attune/samples', batch_size: 20 });
			this.watch(pictures);
			this.replications.push(pictures);
		});
		this.replications = [push, meta];
		// Conflicts that arrived in an earlier session: the copy is read once for them, after the first sync.
		await this.sync();
		if (this.stopped) return;
		for (const c of await ownConflicts(this.local, undefined, this.link.memberId).catch(() => [])) this.conflicted.add(c.docId);
	}

	/** Runs the local→class and class→local steps until there is nothing left; safe to call any time. */
	sync(): Promise<void> {
		if (this.busy) {
			this.again = true;
			return this.running;
		}
		this.busy = true;
		this.running = (async () => {
			try {
				do {
					this.again = false;
					if (!this.local || this.stopped) return;
					await this.pushAndCount();
					for (const id of await applyRemote(this.projectId, this.link, this.local, this.factory!)) this.conflicted.add(id);
					if (this.link.role === 'student' && this.reached && (await this.morePictures())) this.again = true;
				} while (this.again && !this.stopped);
			} finally {
				this.busy = false;
			}
		})();
		return this.running;
	}

	/** A student's next page of pictures, when they are running out (never fails the sync: offline, it waits). */
	private async morePictures(): Promise<boolean> {
		try {
			return (await fetchPicturesIfLow(this.projectId, this.link.memberId, this.local!, this.remote!, this.picturePage)) > 0;
		} catch {
			return false;
		}
	}

	/** The members, from this device's copy of the class, less those the teacher removed. */
	async members(): Promise<{ memberId: string; name: string; role: string }[]> {
		if (!this.local) return [];
		const { rows } = await this.local.allDocs({ startkey: 'member:', endkey: 'member:\uffff', include_docs: true });
		return rows.flatMap((r) => (r.doc && !r.doc.removedAt ? [{ memberId: r.id.slice(7), name: String(r.doc.name), role: String(r.doc.role) }] : []));
	}

	/** This member's labels that two of their devices gave differently, kept until the member settles them. */
	async conflicts(): Promise<OwnConflict[]> {
		if (!this.local || !this.conflicted.size) return [];
		const found = await ownConflicts(this.local, [...this.conflicted]);
		this.conflicted = new Set(found.map((c) => c.docId));
		return found;
	}

	async resolve(docId: string, label: string | null): Promise<void> {
		if (!this.local) return;
		const { id, rev } = await resolveOwnConflict(this.local, docId, label);
		if (this.pushed.get(id) !== rev) this.unsent.set(id, rev);
		this.report({});
		await this.sync();
	}

	/** The local copy, for the teacher's publishing. */
	get copy(): PouchLike | undefined {
		return this.local;
	}

	/** The membership as stored now; a teacher's change of what the class model learns from re-labels the class's samples. */
	async setLink(link: ClassLink): Promise<void> {
		const relabel = link.role === 'teacher' && (link.learnFrom ?? 'majority') !== (this.link.learnFrom ?? 'majority');
		this.link = link;
		if (relabel && this.local) await settleAll(this.projectId, link, this.local);
	}

	async stop(): Promise<void> {
		this.stopped = true;
		// A cancelled replication finishes its step first: the copy closes after, or that step fails on it.
		const ended = this.replications.map((r) => new Promise<void>((resolve) => (r.on('complete', () => resolve()), setTimeout(resolve, 2000))));
		for (const r of this.replications) r.cancel();
		await Promise.all([this.running.catch(() => undefined), ...ended]);
		await this.local?.close().catch(() => undefined);
	}

	private async pushAndCount(): Promise<void> {
		const written = await pushLocal(this.projectId, this.link, this.local!, this.factory!);
		if (!written.length) return;
		for (const { id, rev } of written) if (this.pushed.get(id) !== rev) this.unsent.set(id, rev);
		this.report({});
	}

	private watch(replication: Replication): void {
		replication.on('change', () => void this.sync().catch((e) => this.report({ problem: String(e) })));
		replication.on('active', () => this.report({}));
		replication.on('paused', (error) => {
			if (error) return this.wentOffline(error);
			this.reached = true;
			// Back in touch: a student may be short of pictures.
			if (this.link.role === 'student') void this.sync().catch(() => undefined);
			if (this.status.offlineSince) void this.saveOffline(undefined);
			this.report({ offlineSince: undefined, problem: this.status.state === 'refused' ? undefined : this.status.problem });
		});
		replication.on('error', (error) => this.wentOffline(error));
	}

	private wentOffline(error?: { status?: number; message?: string; reason?: string }): void {
		if (error?.status === 401 || error?.status === 403) {
			return this.report({ problem: 'The class server no longer accepts this device: the teacher may have removed you, or the server was reset. Your labels stay here; join again with a new code to share them.' }, 'refused');
		}
		const since = this.status.offlineSince ?? Date.now();
		if (!this.status.offlineSince) void this.saveOffline(since);
		this.report({ offlineSince: since });
	}

	private async saveOffline(since: number | undefined): Promise<void> {
		const project = await db().projects.get(this.projectId);
		if (project?.class) await db().projects.update(this.projectId, { class: { ...project.class, offlineSince: since } });
	}

	private report(change: Partial<SyncStatus>, state?: SyncState): void {
		const next = { ...this.status, ...change, waiting: this.unsent.size };
		next.state = state ?? (next.offlineSince ? 'offline' : !this.reached ? 'connecting' : next.waiting ? 'syncing' : 'synced');
		this.status = next;
		this.onStatus(next);
	}
}
