import Dexie from 'dexie';
import { strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { normalisePose } from '$lib/core/pose/normalise';
import { synthPose } from '$lib/core/pose/synth';
import { seededRandom } from '$lib/core/random';
import { db, DB_NAME, resetDbForTests } from '$lib/storage/db';
import { recentEvents } from '$lib/storage/events';
import { posesWithPhotos, setPoseSettings } from '$lib/storage/poses';
import { exportProject, importProject } from '$lib/storage/project-file';
import { createProject } from '$lib/storage/projects';
import { addNamedSamples } from '$lib/storage/samples';
import { editZip } from '../helpers/hostile-zip';
import { useFreshDb } from '../helpers/fresh-db';

const picture = (bytes: number, type = 'image/jpeg') => new Blob([new Uint8Array(bytes)], { type });

async function poseProject() {
	const project = await createProject('Squats', 'pose', 100, { mirror: true });
	const body = synthPose('squat', seededRandom(1));
	const [kept, blurred] = await addNamedSamples(project.id, [
		{ name: 'with photo', blob: picture(50_000), thumbnail: picture(3_000), features: normalisePose(body, { mirror: true }), pose: body, className: 'good' },
		{ name: 'blurred', blob: picture(2_000), features: normalisePose(body, { mirror: true }), pose: body, className: null }
	], 'upload');
	return { project, kept: kept!, blurred: blurred! };
}

describe('pose projects in storage', () => {
	useFreshDb();

	it('start keeping no photos, with the lite landmark model, and the mirror chosen at creation', async () => {
		const { project } = await poseProject();
		expect(project.pose).toEqual({ mirror: true, keepPhotos: false, landmarkModel: 'lite' });
		expect((await createProject('Pictures', 'image')).pose).toBeUndefined();
	});

	it('blur every kept photo when photos stop being kept, with the setting and its record, in one transaction', async () => {
		const { project, kept } = await poseProject();
		expect((await posesWithPhotos(project.id)).map((s) => s.name)).toEqual(['with photo']);

		await setPoseSettings(project.id, { keepPhotos: false }, new Map([[kept.id, picture(1_500)]]));

		const after = await db().samples.get(kept.id);
		expect(after!.blob.size).toBe(1_500);
		expect(after!.thumbnail).toBeUndefined();
		expect(after!.pose!.points).toEqual(kept.pose!.points);
		expect(await posesWithPhotos(project.id)).toEqual([]);
		expect((await recentEvents(project.id))[0]).toMatchObject({ type: 'project.pose', change: { keepPhotos: false }, blurred: 1 });
	});

	it('carry the bodies in the project file, and refuse a file that holds a photo the project keeps none of', async () => {
		const { project, kept } = await poseProject();
		await setPoseSettings(project.id, { keepPhotos: true });
		const withPhoto = new Uint8Array(await (await exportProject(project.id)).arrayBuffer());
		await setPoseSettings(project.id, { keepPhotos: false }, new Map([[kept.id, picture(1_500)]]));
		const file = await exportProject(project.id);
		resetDbForTests();
		await Dexie.delete(DB_NAME);

		await importProject(file);
		const back = await db().samples.get(kept.id);
		expect(Array.from(back!.pose!.points)).toEqual(Array.from(kept.pose!.points));
		expect(Array.from(back!.features!)).toEqual(Array.from(kept.features!));

		// A hand-edited file: it says photos are not kept, yet a sample carries one.
		resetDbForTests();
		await Dexie.delete(DB_NAME);
		const lying = editZip(withPhoto, (files) => {
			files['project.json'] = strToU8(new TextDecoder().decode(files['project.json']).replace('"keepPhotos":true', '"keepPhotos":false'));
		});
		expect(Object.keys(unzipSync(lying)).some((p) => p.includes('/thumbnail.'))).toBe(true);
		await expect(importProject(new Blob([lying as Uint8Array<ArrayBuffer>]))).rejects.toThrow('holds a photo, and the project keeps none');
		expect(await db().projects.count()).toBe(0);
	});
});
