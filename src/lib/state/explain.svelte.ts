import { DEFAULT_EXPLAINER, FAST_EXPLAINER as FAST } from '$lib/core/explain/catalogue';
import { INPUT_SIDE } from '$lib/core/model/input-size';
import type { SampleAttention } from '$lib/core/types';
import type { CounterfactualResult, TrustReport } from '$lib/core/session/types';
import { appErrors } from './errors.svelte';
import type { TeachState } from './teach/teach.svelte';

/**
 * The chosen method's map waits until the sample has been in view this long: a sample the human
 * passes by quickly costs the worker nothing (an occlusion map is ~100 ms of its time, which the next
 * act would wait for). The fast map is shown at once.
 */
const REFINE_AFTER_MS = 250;

/**
 * The explanation beside the focused sample: the map (the fast one first, refined by the chosen
 * method), the human's painting on it, the map before and after that feedback was learned, the trust
 * checks and a counterfactual.
 */
export class ExplainState {
	method = $state(DEFAULT_EXPLAINER);
	map = $state.raw<Float32Array | null>(null);
	/** The method whose map is shown: the fast one while the chosen one is still being computed. */
	shownMethod = $state(FAST);
	painted = $state.raw(new Uint8Array(INPUT_SIDE * INPUT_SIDE));
	mode = $state<SampleAttention['mode']>('ignore');
	always = $state(false);
	/** The map when feedback was given, and the model version then: "after" is the map once the version moved on. */
	before = $state.raw<{ sampleId: string; map: Float32Array | null; version: number } | null>(null);
	trust = $state.raw<TrustReport | null>(null);
	checking = $state(false);
	counterfactual = $state.raw<(CounterfactualResult & { classId: string }) | null>(null);
	searching = $state(false);
	private loads = 0;

	constructor(private readonly teach: TeachState) {}

	/** Shows the fast map for the sample at once, then the chosen method's when it is ready. */
	async load(sampleId: string): Promise<void> {
		const load = ++this.loads;
		const method = this.method;
		const fast = await this.teach.inspect.saliency(sampleId, FAST);
		if (load !== this.loads) return;
		[this.map, this.shownMethod] = [fast, FAST];
		if (method === FAST) return;
		await new Promise((resolve) => setTimeout(resolve, REFINE_AFTER_MS));
		if (load !== this.loads) return;
		const refined = await this.teach.inspect.saliency(sampleId, method);
		if (load === this.loads && refined) [this.map, this.shownMethod] = [refined, method];
	}

	/** A new sample in focus: its own painting, checks and counterfactual start empty. */
	reset(): void {
		this.painted = new Uint8Array(INPUT_SIDE * INPUT_SIDE);
		this.trust = null;
		this.counterfactual = null;
	}

	get paintedCells(): number {
		return this.painted.reduce((n, v) => n + v, 0);
	}

	/** Sends the painting as feedback (durable first); the painting is cleared once it is stored. */
	async submit(sampleId: string): Promise<void> {
		const before = { sampleId, map: this.map, version: this.teach.version };
		if (await this.teach.paintExplanation(sampleId, this.painted, this.mode, this.always ? 'always' : 'sample')) {
			this.before = before;
			this.painted = new Uint8Array(INPUT_SIDE * INPUT_SIDE);
		}
	}

	/** The map after the feedback was learned, for the sample it was given on. */
	afterFor(sampleId: string): Float32Array | null {
		const b = this.before;
		return b && b.sampleId === sampleId && this.teach.version > b.version ? this.map : null;
	}

	async check(sampleId: string): Promise<void> {
		this.checking = true;
		try {
			this.trust = await this.teach.inspect.trust(sampleId, this.method);
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.checking = false;
		}
	}

	async findCounterfactual(sampleId: string, classId: string): Promise<void> {
		this.searching = true;
		try {
			const found = await this.teach.inspect.counterfactual(sampleId, classId);
			this.counterfactual = found && { ...found, classId };
			if (!found) appErrors.say('A counterfactual needs a picture sample and the built-in CNN.');
		} catch (error) {
			appErrors.show(error);
		} finally {
			this.searching = false;
		}
	}
}
