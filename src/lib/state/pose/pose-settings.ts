import type { LandmarkModel } from '$lib/core/types';
import { posesWithPhotos, setPoseSettings } from '$lib/storage/poses';
import { appErrors } from '../errors.svelte';
import { toasts } from '../toasts.svelte';
import { landmarks } from './landmarks';
import { posePicture } from './pictures';

/**
 * Whether a pose project keeps photos. Turning it off blurs every photo already kept, first, then
 * stores the blurred copies and the setting together: the project (and its file) holds no photo after.
 */
export async function keepPhotos(projectId: string, keep: boolean): Promise<void> {
	try {
		const blurred = new Map<string, Blob>();
		if (!keep) {
			for (const sample of await posesWithPhotos(projectId)) {
				const bitmap = await createImageBitmap(sample.blob);
				try {
					blurred.set(sample.id, (await posePicture(bitmap, false)).blob);
				} finally {
					bitmap.close();
				}
			}
		}
		await setPoseSettings(projectId, { keepPhotos: keep }, blurred);
		if (blurred.size) toasts.show(`${blurred.size} photo${blurred.size === 1 ? '' : 's'} replaced by blurred copies.`);
	} catch (error) {
		appErrors.show(error);
	}
}

/** Chooses the landmark model: it is loaded (fetched from the app's own origin and kept, if not yet) before the choice is stored. */
export async function chooseLandmarkModel(projectId: string, model: LandmarkModel): Promise<boolean> {
	try {
		await landmarks(model);
		await setPoseSettings(projectId, { landmarkModel: model });
		return true;
	} catch (error) {
		appErrors.show(error);
		return false;
	}
}
