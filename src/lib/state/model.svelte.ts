import { modelFromFiles, modelFromUrl, type ParsedModel } from '$lib/core/data/model-files';
import type { BackboneSource, BackboneSpec, PixelRange } from '$lib/core/types';
import { saveBackbone, setProjectBackbone, watchBackbones } from '$lib/storage/backbones';
import { appErrors } from './errors.svelte';
import { learner } from './learner.svelte';

/** The Model panel's choice that lets measurement choose the model (core/session/model-choice.ts). */
export const MEASURED = 'measured';

/**
 * Which model a project learns with, and importing a pretrained feature extractor: read its files
 * (picked, or downloaded from the app's own origin), have the learner load it and try it on a blank
 * image, then store it and switch the project to it. Nothing is stored unless every step succeeded.
 */
export class ModelState {
	/** Every extractor imported on this device. */
	backbones = $state.raw<BackboneSpec[]>([]);
	busy = $state(false);
	status = $state<string | null>(null);
	private readonly stop: () => void;

	constructor(private readonly projectId: string) {
		this.stop = watchBackbones((list) => (this.backbones = list), (error) => appErrors.show(error));
	}

	/** Learn with an extractor (imported or built in), (null) the small CNN, or the one measurement chooses (MEASURED). */
	async use(backboneId: string | null): Promise<void> {
		try {
			await setProjectBackbone(this.projectId, backboneId === MEASURED ? null : backboneId, { measured: backboneId === MEASURED });
		} catch (error) {
			appErrors.show(error);
		}
	}

	destroy(): void {
		this.stop();
	}

	/** `name`, if given, names the model; otherwise its folder or file does. */
	fromFiles(files: readonly File[], pixelRange: PixelRange, name = ''): Promise<void> {
		return this.run('files', pixelRange, name, async () => {
			const read = await Promise.all(files.map(async (f) => ({ name: f.webkitRelativePath || f.name, bytes: await f.arrayBuffer() })));
			return modelFromFiles(read);
		});
	}

	fromUrl(url: string, pixelRange: PixelRange, name = ''): Promise<void> {
		return this.run('url', pixelRange, name, () => modelFromUrl(url, location.origin), url);
	}

	private async run(source: BackboneSource, pixelRange: PixelRange, name: string, read: () => Promise<ParsedModel>, url?: string): Promise<void> {
		if (this.busy) return;
		this.busy = true;
		this.status = source === 'url' ? 'Downloading the model…' : 'Reading the model files…';
		try {
			const parsed = await read();
			this.status = `Trying ${parsed.name} on a test image…`;
			const client = await learner.whenReady();
			const shape = await client.project.inspectBackbone(parsed.artifacts, parsed.format, pixelRange);
			const spec: BackboneSpec = {
				id: crypto.randomUUID(),
				name: name.trim().slice(0, 80) || parsed.name,
				format: parsed.format,
				source,
				url,
				...shape,
				pixelRange,
				bytes: parsed.bytes,
				createdAt: Date.now()
			};
			await saveBackbone(spec, parsed.artifacts, this.projectId);
			await setProjectBackbone(this.projectId, spec.id);
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.busy = false;
			this.status = null;
		}
	}
}
