import { countVotes, classAgreement, sampleAgreement, byDispute, type ClassAgreement, type SampleAgreement } from '$lib/core/quality/agreement';
import type { ClassLink } from '$lib/core/types';
import { ClassBridge, type SyncStatus } from '$lib/storage/class-bridge';
import type { OwnConflict } from '$lib/storage/class-conflicts';
import { classServer, closeClass, leaveClass, memberKey, removeMember, renewCode, setLearnFrom, startClass } from '$lib/storage/class-membership';
import { publishClassModel, samplesByHash, watchClassModel, watchNewestRecord, watchVotes } from '$lib/storage/class-watch';
import { CONSENSUS, type VoteRow } from '$lib/storage/db';
import { getProject } from '$lib/storage/projects';
import type { Unwatch } from '$lib/storage/live';
import { connectThen, forgetFailedServer, takePending } from './class-connect';
import { appErrors, whileBusy } from './errors.svelte';
import type { TeachState } from './teach/teach.svelte';

/** One sample the class voted on, as the teacher's list shows it. */
export interface Dispute {
	hash: string;
	sampleId: string | undefined;
	votes: { member: string; label: string }[];
	agreement: SampleAgreement;
	decided: string | null;
}

const PUBLISH_EVERY_MS = 15_000;
const LOOK_EVERY_MS = 1000;
const SYNC_AFTER_PAUSE_MS = 800;
const SYNC_AT_LEAST_EVERY_MS = 5000;
const LISTED = 20;

/**
 * A project's class, on the page: its membership, whether it is synced, who is in it, how far they
 * agree, and the teacher's decisions. Owns the bridge to the class server while the page is open.
 */
export class ClassState {
	link = $state.raw<ClassLink | undefined>(undefined);
	status = $state.raw<SyncStatus>({ state: 'connecting', waiting: 0 });
	members = $state.raw<{ memberId: string; name: string; role: string }[]>([]);
	disputes = $state.raw<Dispute[]>([]);
	agreement = $state.raw<ClassAgreement | null>(null);
	/** Samples with at least one vote, and ties waiting for a decision. */
	voted = $state(0);
	/** The class model's newest published version, as this device has it. */
	classModel = $state(0);
	ties = $state(0);
	/** This member's labels their devices gave differently, each with the sample it is about. */
	conflicts = $state.raw<(OwnConflict & { sampleId: string | undefined })[]>([]);
	busy = $state(false);
	private bridge: ClassBridge | undefined;
	private unwatch: Unwatch[] = [];
	private publishedAt = 0;
	private publishTimer: ReturnType<typeof setTimeout> | undefined;
	private lookTimer: ReturnType<typeof setTimeout> | undefined;
	private syncTimer: ReturnType<typeof setTimeout> | undefined;
	private firstUnsent: number | undefined;

	constructor(
		private readonly teach: TeachState,
		readonly projectId: string
	) {
		const pending = takePending('start');
		if (pending && pending.projectId === projectId) void this.finishStart(pending.server, pending.teacherCode, pending.name);
	}

	get teacher(): boolean {
		return this.link?.role === 'teacher';
	}

	get joined(): boolean {
		return !!this.link && !this.link.leftAt;
	}

	/** The project's membership as stored: starts, keeps or stops the bridge. */
	follow(link: ClassLink | undefined): void {
		const was = this.link;
		this.link = link;
		if (was?.memberId === link?.memberId && !!was?.leftAt === !!link?.leftAt) {
			if (link) void this.bridge?.setLink(link).catch((e) => appErrors.show(e));
			return;
		}
		this.stopBridge();
		if (link && !link.leftAt) this.startBridge(link);
	}

	/** The teacher starts a class from this project on a class server (the page reloads once to be allowed to reach it). */
	async start(address: string, teacherCode: string, name: string): Promise<void> {
		await this.attempt(async () => {
			const server = classServer(address);
			if ((await connectThen({ kind: 'start', projectId: this.projectId, server, teacherCode, name })) === 'ready') await this.finishStart(server, teacherCode, name);
		});
	}

	async decide(dispute: Dispute, classId: string): Promise<void> {
		if (dispute.sampleId) await this.teach.decide(dispute.sampleId, classId);
	}

	/** Settles a conflict between this member's devices with the label they choose. */
	async resolve(conflict: OwnConflict, label: string | null): Promise<void> {
		await this.attempt(async () => {
			await this.bridge?.resolve(conflict.docId, label);
			if (this.bridge) await this.findConflicts(this.bridge);
		});
	}

	async newCode(): Promise<void> {
		await this.attempt(() => renewCode(this.projectId));
	}

	/** The teacher removes a student; the member list follows once the copy has the change. */
	async remove(memberId: string): Promise<void> {
		await this.attempt(async () => {
			await removeMember(this.projectId, memberId);
			this.members = this.members.filter((m) => m.memberId !== memberId);
			void this.bridge?.sync();
		});
	}

	async learnFrom(to: 'consensus' | 'majority'): Promise<void> {
		await this.attempt(() => setLearnFrom(this.projectId, to));
	}

	/** The teacher ends the class for everyone; this project stays, with what the class gave it. */
	async close(): Promise<void> {
		await this.attempt(async () => {
			await closeClass(this.projectId);
			this.stopBridge();
		});
	}

	async leave(): Promise<void> {
		await this.attempt(async () => {
			this.stopBridge();
			await leaveClass(this.projectId);
		});
	}

	memberKey(): string {
		return this.link ? memberKey(this.link) : '';
	}

	/** The teacher's device publishes the class model as it learns, at most every 15 s. */
	modelMoved(version: number, labels: number): void {
		if (!this.teacher || !this.bridge || version === 0) return;
		clearTimeout(this.publishTimer);
		const wait = Math.max(0, this.publishedAt + PUBLISH_EVERY_MS - Date.now());
		this.publishTimer = setTimeout(() => {
			this.publishedAt = Date.now();
			if (this.bridge) void publishClassModel(this.bridge, this.projectId, version, labels).catch((e) => appErrors.show(e));
		}, wait);
	}

	destroy(): void {
		clearTimeout(this.publishTimer);
		clearTimeout(this.lookTimer);
		clearTimeout(this.syncTimer);
		this.stopBridge();
	}

	private async finishStart(server: string, teacherCode: string, name: string): Promise<void> {
		await this.attempt(async () => {
			const project = await getProject(this.projectId);
			if (!project) return;
			try {
				await startClass(project, server, teacherCode, name);
			} catch (error) {
				await forgetFailedServer();
				throw error;
			}
		});
	}

	private startBridge(link: ClassLink): void {
		const bridge = (this.bridge = new ClassBridge(this.projectId, link, (status) => {
			this.status = status;
			// Members and conflicts are read from the copy at most once a second, not on every replication step.
			clearTimeout(this.lookTimer);
			this.lookTimer = setTimeout(() => {
				void bridge.members().then((m) => (this.members = m));
				void this.findConflicts(bridge);
			}, LOOK_EVERY_MS);
		}));
		void bridge.start().catch((e) => appErrors.show(e));
		this.unwatch.push(
			watchNewestRecord(this.projectId, () => this.syncSoon(bridge), (e) => appErrors.show(e)),
			watchVotes(this.projectId, (votes) => void this.tally(votes), (e) => appErrors.show(e)),
			watchClassModel(this.projectId, (version) => (this.classModel = version), (e) => appErrors.show(e))
		);
	}

	private async findConflicts(bridge: ClassBridge): Promise<void> {
		const found = await bridge.conflicts();
		const ids = await samplesByHash(this.projectId, found.map((c) => c.hash));
		this.conflicts = found.map((c) => ({ ...c, sampleId: ids.get(c.hash) }));
	}

	/**
	 * Sends acts to the class once the human pauses (or every few seconds while they keep going): the
	 * copy's writes and the act's share IndexedDB, and done at once they doubled an act's cost.
	 */
	private syncSoon(bridge: ClassBridge): void {
		clearTimeout(this.syncTimer);
		this.firstUnsent ??= Date.now();
		const wait = Math.max(0, Math.min(SYNC_AFTER_PAUSE_MS, this.firstUnsent + SYNC_AT_LEAST_EVERY_MS - Date.now()));
		this.syncTimer = setTimeout(() => {
			this.firstUnsent = undefined;
			void bridge.sync().catch((e) => appErrors.show(e));
		}, wait);
	}

	private stopBridge(): void {
		clearTimeout(this.syncTimer);
		this.firstUnsent = undefined;
		for (const stop of this.unwatch.splice(0)) stop();
		void this.bridge?.stop();
		this.bridge = undefined;
	}

	private async tally(rows: VoteRow[]): Promise<void> {
		const bySample = new Map<string, { votes: { member: string; label: string }[]; decided: string | null }>();
		for (const row of rows) {
			const entry = bySample.get(row.hash) ?? { votes: [], decided: null };
			if (row.memberId === CONSENSUS) entry.decided = row.label;
			else if (row.label) entry.votes.push({ member: row.member, label: row.label });
			bySample.set(row.hash, entry);
		}
		const all = [...bySample].map(([hash, e]) => ({ hash, ...e, agreement: sampleAgreement(countVotes(e.votes.map((v) => v.label))) }));
		this.agreement = classAgreement(all.map((d) => countVotes(d.votes.map((v) => v.label))));
		this.voted = all.filter((d) => d.votes.length).length;
		this.ties = all.filter((d) => d.agreement.tie && !d.decided).length;
		const contested = all.filter((d) => d.votes.length >= 2 && (d.agreement.share < 1 || d.decided));
		contested.sort((a, b) => Number(!!a.decided) - Number(!!b.decided) || byDispute(a.agreement, b.agreement));
		const shown = contested.slice(0, LISTED);
		const ids = await samplesByHash(this.projectId, shown.map((d) => d.hash));
		this.disputes = shown.map((d) => ({ ...d, sampleId: ids.get(d.hash) }));
	}

	private async attempt(work: () => Promise<unknown>): Promise<void> {
		await whileBusy(this, work);
	}
}
