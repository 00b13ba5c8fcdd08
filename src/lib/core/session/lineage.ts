import { OnlineLearner } from '../model/online-learner';
import type { ModelArtifactsData } from '../types';
import type { ModelContext } from './context';
import type { StoredModel } from './types';
import { VersionRing, type VersionWeights } from './version-ring';

/**
 * Which version the live weights are, and the way back to earlier ones. `version` is the one version
 * number of a session: the human sees it, undo and redo name it, a saved model stores it. Every change
 * of the weights that the human should see as new takes the next number never given before, also
 * after an undo moved the model back (so a number always means one set of weights).
 */
export class Lineage {
	private current: number;
	/** The highest number ever given. */
	private highest: number;
	/** Recent versions' weights, for undo and redo. */
	private readonly ring = new VersionRing();
	/** The weights last saved or opened: what a backend change rebuilds the model from. */
	private lastSaved: ModelArtifactsData | undefined;
	/** Every change of the samples and signals up to then is in the weights (what a reopened project need not learn again). */
	learnedThrough = -Infinity;

	constructor(
		private readonly context: ModelContext,
		opened?: StoredModel
	) {
		this.current = this.highest = opened?.version ?? 0;
		this.lastSaved = opened?.artifacts;
		this.learnedThrough = opened?.learnedThrough ?? -Infinity;
	}

	get version(): number {
		return this.current;
	}

	/** The weights changed as the human will see it (an act was learned, a refit replaced the model): a new version. */
	advance(): void {
		this.current = ++this.highest;
	}

	/** Keeps the current weights in the ring (before an act changes them), unless they are already there. */
	checkpoint(): void {
		const { revision, learner, classIds } = this.context;
		if (this.ring.holds(this.current, revision)) return;
		this.ring.put({ version: this.current, revision, weights: learner.copyWeights(), classIds: [...classIds], architecture: learner.architecture });
	}

	/** Undo, redo: puts back the weights of a recent version; false when the ring no longer holds it or the classes changed since. */
	restore(version: number): boolean {
		if (version === this.current) return true;
		const found = this.ring.get(version);
		if (!found || found.classIds.join() !== this.context.classIds.join()) return false;
		this.checkpoint(); // so a redo can come back here
		if (!this.restoreWeights(found)) return false;
		this.current = version;
		this.highest = Math.max(this.highest, version);
		return true;
	}

	/** Puts the ring's weights back in the live learner, or, from across a hand-over, in a learner of their own network. */
	private restoreWeights({ weights, architecture }: VersionWeights): boolean {
		const { learner, settings, classIds } = this.context;
		if (architecture === learner.architecture) return learner.restoreWeights(weights);
		const other = OnlineLearner.create(classIds.length, settings, architecture);
		if (!other.restoreWeights(weights)) {
			other.dispose();
			return false;
		}
		this.context.replace(other);
		return true;
	}

	/** Rollback: replaces the model with stored weights, mapped onto the project's current classes. */
	async rollback(model: StoredModel): Promise<void> {
		const { settings, family, classIds } = this.context;
		const restored = await OnlineLearner.restoreIn(model.artifacts, settings, family, model.version);
		if (!restored) throw new Error(`version ${model.version} is not a network this project learns with`);
		this.context.replace(restored);
		this.context.classIds = [...model.classIds];
		this.lastSaved = model.artifacts;
		this.current = model.version;
		this.highest = Math.max(this.highest, model.version);
		this.context.setClasses(classIds, settings.seed + this.current);
	}

	async save(): Promise<ModelArtifactsData> {
		this.lastSaved = await this.context.learner.save();
		return this.lastSaved;
	}

	/** After a backend change: the model rebuilt on the new backend from the last saved weights (the ring's copies lived on the old one). */
	async reload(): Promise<void> {
		const { settings, architecture, family, classIds } = this.context;
		this.ring.clear();
		const saved = this.lastSaved && (await OnlineLearner.restoreIn(this.lastSaved, settings, family, this.current));
		const fresh = saved || OnlineLearner.create(classIds.length, settings, architecture);
		this.context.replace(fresh);
	}

	dispose(): void {
		this.ring.clear();
	}
}
