import { modelDocId, type ModelDoc } from '$lib/core/class/docs';
import type { ClassBridge } from './class-bridge';
import { db, type VoteRow } from './db';
import { watch, type Unwatch } from './live';
import { latestModel } from './models';

/**
 * What the class's state on the page watches and asks: the newest local act (to push it), the votes
 * (for agreement), which sample a content address is, and the class model to publish.
 */

/** Calls back whenever this project logs a record (an act to push). */
export function watchNewestRecord(projectId: string, onChange: (seq: number) => void, onError: (e: unknown) => void): Unwatch {
	return watch(async () => (await db().events.where('projectId').equals(projectId).last())?.seq ?? 0, onChange, onError);
}

export function watchVotes(projectId: string, onChange: (votes: VoteRow[]) => void, onError: (e: unknown) => void): Unwatch {
	return watch(() => db().votes.where('projectId').equals(projectId).toArray(), onChange, onError);
}

/** The newest class model version the teacher published, as this device has received it (0: none yet). */
export function watchClassModel(projectId: string, onChange: (version: number) => void, onError: (e: unknown) => void): Unwatch {
	return watch(async () => (await db().classCursors.get(projectId))?.modelVersion ?? 0, onChange, onError);
}

/** This device's sample ids for the class's content addresses. */
export async function samplesByHash(projectId: string, hashes: readonly string[]): Promise<Map<string, string>> {
	const rows = await db().samples.where('[projectId+contentHash]').anyOf(hashes.map((h) => [projectId, h])).toArray();
	return new Map(rows.map((s) => [s.contentHash!, s.id]));
}

/** The class model, for everyone in the class: the teacher's newest weights as model:<version>. */
export async function publishClassModel(bridge: ClassBridge, projectId: string, version: number, labels: number): Promise<boolean> {
	const local = bridge.copy;
	const model = await latestModel(projectId);
	if (!local || !model || !bridge.factory) return false;
	const id = modelDocId(version);
	try {
		await local.get(id);
		return false;
	} catch {
		// not published yet
	}
	const { modelTopology, weightSpecs, weightData } = model.artifacts;
	const doc: ModelDoc & { topology: unknown; weightSpecs: unknown } = { _id: id, type: 'model', version, labels, at: Date.now(), topology: modelTopology, weightSpecs };
	await local.put({ ...doc, _attachments: { weights: { content_type: 'application/octet-stream', data: (await bridge.factory.binary(new Blob([weightData]))) as Blob } } });
	return true;
}
