// class, the part that runs inside Vite's module runner (see bench/class.mjs and ts-runner.mjs).
import { contentHash, labelDocId, sampleDocId } from '$lib/core/class/docs';
import { classAgreement, countVotes } from '$lib/core/quality/agreement';
import { seededRandom } from '$lib/core/random';
import { ClassBridge } from '$lib/storage/class-bridge';
import { startClass } from '$lib/storage/class-membership';
import { pouchFactory, type PouchLike, type Replication } from '$lib/storage/class-pouch';
import { addClass } from '$lib/storage/classes';
import { db } from '$lib/storage/db';
import { createProject } from '$lib/storage/projects';

interface Options {
	server: string;
	teacherCode: string;
	PouchDB: new (name: string, options?: object) => PouchLike;
	members: number;
	labels: number;
	seed: number;
	log: (message: string) => void;
}

const CLASSES = ['bird', 'bee', 'butterfly', 'beetle'];
/** How often a member gives a label other than the sample's truth. */
const SLIP = 0.2;

interface Device {
	memberId: string;
	name: string;
	local: PouchLike;
	remote: PouchLike;
	push?: Replication;
}

export async function classBench(o: Options): Promise<Record<string, unknown>[]> {
	const random = seededRandom(o.seed);
	const pool = Math.max(o.labels, Math.round(o.labels * 2));
	// The pictures: small distinct byte strings behind a PNG's magic bytes (a device takes nothing that is
	// no picture), each with its truth; every member photographs some of them.
	const pictures = await Promise.all(
		Array.from({ length: pool }, async (_, i) => {
			const bytes = new Uint8Array(2048).map((_, j) => (i * 131 + j * 7) % 251);
			bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
			new DataView(bytes.buffer).setUint32(8, i); // distinct pictures, however large the pool
			return { bytes, hash: await contentHash(bytes.buffer), truth: CLASSES[i % CLASSES.length]! };
		})
	);

	// The teacher's device: a project with the labels, made a class through the app's own calls.
	const project = await createProject('Insects and birds', 'image');
	for (const c of CLASSES) await addClass(project.id, c);
	const link = await startClass(project, o.server, o.teacherCode, 'Teacher');
	const joinOne = async (i: number) => {
		const response = await fetch(`${o.server}/_attune/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: link.code, name: `Student ${i + 1}` }) });
		return (await response.json()) as { memberId: string; password: string; db: string };
	};
	const joined = await Promise.all(Array.from({ length: o.members }, (_, i) => joinOne(i)));
	const devices: Device[] = joined.map((m, i) => ({
		memberId: m.memberId,
		name: `Student ${i + 1}`,
		local: new o.PouchDB(`bench-member-${i}`, { adapter: 'memory' }),
		remote: new o.PouchDB(`${o.server}/${m.db}`, { auth: { username: m.memberId, password: m.password }, skip_setup: true })
	}));

	// Each member labels `labels` pictures of the pool (overlapping), photographing the ones they label
	// first; a third start offline, and a third of the rest drop out half-way and come back.
	const startsOffline = (i: number) => i % 3 === 0;
	const dropsOut = (i: number) => i % 3 === 1 && i % 2 === 0;
	const expected = new Map<string, string>(); // `${hash}:${memberId}` -> label
	const write = async (device: Device, picks: typeof pictures) => {
		for (const p of picks) {
			const label = random() < SLIP ? CLASSES[Math.floor(random() * CLASSES.length)]! : p.truth;
			expected.set(`${p.hash}:${device.memberId}`, label);
			await device.local.put({ _id: sampleDocId(p.hash), type: 'sample', _attachments: { image: { content_type: 'image/png', data: Buffer.from(p.bytes) as unknown as Blob }, input: { content_type: 'application/octet-stream', data: Buffer.from(p.bytes.slice(0, 1024)) as unknown as Blob } } }).catch(() => undefined);
			await device.local.put({ _id: labelDocId(p.hash, device.memberId), type: 'label', member: device.memberId, name: device.name, label, at: Date.now() });
		}
	};
	const live = (d: Device) => (d.push = d.local.replicate.to(d.remote, { live: true, retry: true }));
	const picksOf = () => {
		const order = [...pictures].sort(() => random() - 0.5);
		return order.slice(0, o.labels);
	};
	o.log(`${o.members} members labelling ${o.labels} of ${pool} pictures each…`);
	const started = Date.now();
	await Promise.all(
		devices.map(async (d, i) => {
			const picks = picksOf();
			if (!startsOffline(i)) live(d);
			if (dropsOut(i)) {
				await write(d, picks.slice(0, o.labels / 2));
				d.push?.cancel();
				await write(d, picks.slice(o.labels / 2));
				live(d);
			} else await write(d, picks);
		})
	);
	const labelled = Date.now();
	// The ones offline come back now.
	devices.forEach((d, i) => startsOffline(i) && live(d));

	// The teacher's device, with the app's bridge, until it holds every label and every picture.
	let status = '';
	const bridge = new ClassBridge(project.id, (await db().projects.get(project.id))!.class!, (s) => (status = s.state), async () => pouchFactory(o.PouchDB as never, { adapter: 'memory' }, true));
	await bridge.start();
	const votes = () => db().votes.where('projectId').equals(project.id).count();
	const samples = () => db().samples.where('projectId').equals(project.id).count();
	const deadline = Date.now() + 10 * 60_000;
	while ((await votes()) < expected.size || (await samples()) < pictures.length) {
		if (Date.now() > deadline) break;
		await bridge.sync();
		await new Promise((r) => setTimeout(r, 100));
	}
	const seen = Date.now();
	await bridge.stop();
	for (const d of devices) d.push?.cancel();

	const rows = await db().votes.where('projectId').equals(project.id).toArray();
	const found = new Map(rows.map((r) => [`${r.hash}:${r.memberId}`, r.label]));
	const lost = [...expected].filter(([key, label]) => found.get(key) !== label).length;
	const remote = new o.PouchDB(`${o.server}/${link.db}`, { auth: { username: link.memberId, password: link.password }, skip_setup: true });
	const onServer = (await remote.allDocs({ startkey: 'sample:', endkey: 'sample:\uffff' })).rows.length;
	const localSamples = await db().samples.where('projectId').equals(project.id).toArray();
	const distinct = new Set(localSamples.map((s) => s.contentHash)).size;
	const members = (await remote.allDocs({ startkey: 'member:', endkey: 'member:\uffff' })).rows.length;

	const bySample = new Map<string, string[]>();
	for (const r of rows) if (r.label) bySample.set(r.hash, [...(bySample.get(r.hash) ?? []), r.label]);
	const app = classAgreement([...bySample.values()].map((labels) => countVotes(labels)));
	const reference = referenceAlpha([...bySample.values()]);
	return [
		{
			bench: 'class',
			members: o.members,
			labels_per_member: o.labels,
			pictures: pictures.length,
			members_on_server: members - 1,
			labels_expected: expected.size,
			labels_lost: lost,
			label_time_ms: labelled - started,
			teacher_sees_all_ms: seen - labelled,
			status_at_end: status,
			samples_on_server: onServer,
			samples_on_teacher: localSamples.length,
			duplicate_samples: onServer - pictures.length + (localSamples.length - distinct),
			agreement_measure: app?.measure,
			agreement: app && round(app.value),
			reference_alpha: round(reference),
			agreement_abs_error: app ? Math.abs(app.value - reference) : null
		}
	];
}

/**
 * Krippendorff's α (nominal) the long way, as its definition reads: every ordered pair of values
 * from different coders in the same unit, each weighted 1/(m_u − 1); observed against expected
 * disagreement over all values. Written apart from core/quality/agreement.ts to check it.
 */
function referenceAlpha(units: readonly string[][]): number {
	const pairable = units.filter((u) => u.length > 1);
	const n = pairable.reduce((sum, u) => sum + u.length, 0);
	let observed = 0;
	for (const unit of pairable) {
		for (let i = 0; i < unit.length; i++) for (let j = 0; j < unit.length; j++) if (i !== j && unit[i] !== unit[j]) observed += 1 / (unit.length - 1);
	}
	const all = pairable.flat();
	const totals = new Map<string, number>();
	for (const v of all) totals.set(v, (totals.get(v) ?? 0) + 1);
	let expectedPairs = 0;
	for (const [a, na] of totals) for (const [b, nb] of totals) if (a !== b) expectedPairs += na * nb;
	return 1 - ((n - 1) * observed) / expectedPairs;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
