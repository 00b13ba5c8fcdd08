import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIVE_LEARNING, type StoredEvent } from '$lib/core/types';
import { auditOutcomes } from '$lib/core/quality/audit-picks';
import { countLabelled, listAuditPicks } from '$lib/storage/sample-queries';
import { setActiveLearning } from '$lib/storage/active-learning';
import { db } from '$lib/storage/db';
import { createProject } from '$lib/storage/projects';
import { addSamples, labelSample } from '$lib/storage/samples';
import { useFreshDb } from '../helpers/fresh-db';

describe('active-learning settings and audit outcomes', () => {
	useFreshDb();

	it('stores a change of strategy or threshold on the project and logs it with what it was', async () => {
		const project = await createProject('Birds', 'image');

		await setActiveLearning(project.id, { threshold: 0.8 });
		await setActiveLearning(project.id, { threshold: 0.8 }); // no change, no event

		expect((await db().projects.get(project.id))?.activeLearning).toEqual({ ...DEFAULT_ACTIVE_LEARNING, threshold: 0.8 });
		const events = (await db().events.where('type').equals('project.activeLearning').toArray()) as StoredEvent[];
		expect(events).toMatchObject([{ from: DEFAULT_ACTIVE_LEARNING, to: { threshold: 0.8 } }]);
	});

	it('counts each labelled audit pick once, by its latest label, and forgets undone ones', async () => {
		const project = await createProject('Birds', 'image');
		const ids = (await addSamples(project.id, [0, 1, 2, 3].map((i) => ({ name: `s${i}`, blob: new Blob(['x']), thumbnail: new Blob(['t']), input: new Uint8Array(4) })), 'upload')).map((s) => s.id);
		const origin = (audit: boolean, suggested: string) => ({ strategy: 'margin', audit, suggested, confidence: 0.6 });

		await labelSample(ids[0]!, 'a', 'accept', 1, origin(true, 'a')); // right
		await labelSample(ids[1]!, 'b', 'correct', 2, origin(true, 'a')); // wrong
		await labelSample(ids[1]!, 'a', 'correct', 3, origin(true, 'a')); // relabelled: now right
		await labelSample(ids[2]!, 'b', 'correct', 4, origin(true, 'a'));
		await labelSample(ids[2]!, null, 'undo', 5); // undone: not counted
		await labelSample(ids[3]!, 'a', 'accept', 6, origin(false, 'a')); // not an audit pick

		expect(auditOutcomes(await listAuditPicks(project.id), await countLabelled(project.id))).toEqual({ n: 2, right: 2, labels: 3 });
		expect((await listAuditPicks(project.id)).map((s) => s.id).sort()).toEqual([ids[0], ids[1]].sort()); // found by their index, undone and plain labels not
	});
});
