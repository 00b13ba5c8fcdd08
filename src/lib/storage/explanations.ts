import { InputError } from '$lib/core/data/input-error';
import { paintedCells, unionMasks } from '$lib/core/explain/masks';
import { INPUT_SIDE } from '$lib/core/model/input-size';
import type { ExplanationMask, SampleAttention } from '$lib/core/types';
import { appendEvent, logTables } from './events';
import { db } from './db';

function validPainting(painted: Uint8Array): number {
	if (!(painted instanceof Uint8Array) || painted.length !== INPUT_SIDE * INPUT_SIDE || painted.some((v) => v !== 0 && v !== 1))
		throw new InputError(`A painted region must cover the ${INPUT_SIDE}×${INPUT_SIDE} map cell by cell; nothing was saved.`);
	const cells = paintedCells(painted);
	if (cells === 0) throw new InputError('Paint over part of the map first: nothing is painted, so nothing was saved.');
	if (cells === painted.length) throw new InputError('The whole map is painted: leave the model somewhere to look. Nothing was saved.');
	return cells;
}

/**
 * Stores explanation feedback and its event in one transaction: on the sample ("this should not
 * matter" or "this is what matters"), or, with scope "always", added to the project's region that no
 * sample should use. Returns what was stored, once it is durable; the learner follows the database.
 */
export async function paintExplanation(
	sampleId: string, painted: Uint8Array, mode: SampleAttention['mode'], scope: 'sample' | 'always', modelVersion: number
): Promise<{ attention?: SampleAttention; ignoreRegion?: ExplanationMask }> {
	const cells = validPainting(painted);
	if (scope === 'always' && mode !== 'ignore') throw new InputError('Only a region that should not matter can apply to every sample.');
	const database = db();
	return database.transaction('rw', [database.samples, database.projects, ...logTables(database)], async () => {
		const sample = await database.samples.get(sampleId);
		if (!sample) throw new InputError('That sample no longer exists.');
		const at = Date.now();
		await appendEvent(sample.projectId, { type: 'sample.explanation', sampleId, mode, scope, painted: painted.slice(), cells, modelVersion }, at);
		if (scope === 'sample') {
			const attention = { painted: painted.slice(), mode, at };
			await database.samples.update(sampleId, { attention, updatedAt: at });
			return { attention };
		}
		const project = await database.projects.get(sample.projectId);
		const ignoreRegion = { painted: unionMasks(project?.ignoreRegion?.painted, painted), at };
		await database.projects.update(sample.projectId, { ignoreRegion, updatedAt: at });
		return { ignoreRegion };
	});
}

/** Takes back a sample's explanation feedback, or (sampleId null) the project's "always ignore" region. */
export async function clearExplanation(projectId: string, sampleId: string | null, modelVersion: number): Promise<void> {
	const database = db();
	await database.transaction('rw', [database.samples, database.projects, ...logTables(database)], async () => {
		const at = Date.now();
		if (sampleId) await database.samples.update(sampleId, { attention: undefined, updatedAt: at });
		else await database.projects.update(projectId, { ignoreRegion: undefined, updatedAt: at });
		await appendEvent(projectId, { type: 'sample.explanation.clear', sampleId, scope: sampleId ? 'sample' : 'always', modelVersion }, at);
	});
}
