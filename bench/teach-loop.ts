// The app's teaching loop in Node, for the calibration and novelty benches: a ProjectSession holds the
// pool, the queue's ranking (the default strategy, with the app's share of random audit picks) picks
// the next sample, each answer is judged before it is learned (the teaching's record) and learned as an
// act is, and the teaching is reviewed after it (calibration refitted, novelty reference rebuilt), as
// the learner worker does in the background.
import type { Example } from '$lib/core/model/online-learner';
import { DEFAULT_AUDIT_SHARE } from '$lib/core/quality/audit-picks';
import { calibrate } from '$lib/core/quality/calibration';
import { novelty } from '$lib/core/quality/novelty';
import { rankPool } from '$lib/core/query/rank-pool';
import { DEFAULT_STRATEGY } from '$lib/core/query/registry';
import { BULK_EPOCHS } from '$lib/core/session/sync-plan';
import { ProjectSession } from '$lib/core/session/project-session';
import type { Dataset } from './examples';

/** What the model makes of one held-out example, as the app would show it. */
export interface Scored {
	label: number;
	raw: Float32Array;
	calibrated: Float32Array;
	/** The default (knn) novelty score; NaN while too few are labelled. */
	novelty: number;
	embedding: Float32Array;
}

export class TeachLoop {
	private previous: string[] = [];
	labels: number;

	private constructor(
		readonly session: ProjectSession,
		private readonly truth: Map<string, number>,
		private readonly classIds: string[],
		private readonly seed: number
	) {
		this.labels = session.pool.labelledCount;
	}

	/** A session on `train` (labels hidden) of which the first of each class is labelled at once, as an import's labels are. */
	static async start(data: Dataset, classIds: string[], train: readonly Example[], seed: number): Promise<TeachLoop> {
		const firstOfEach = new Set(classIds.flatMap((_, c) => train.find((e) => e.label === c)?.id ?? []));
		const samples = train.map((e) => ({ id: e.id, input: e.input, blob: data.blobs?.get(e.id), classId: firstOfEach.has(e.id) ? classIds[e.label] : undefined }));
		const session = await ProjectSession.open({ classIds, samples, architecture: data.architecture, backbone: data.backbone });
		await session.trainer.learnAll(BULK_EPOCHS, () => false);
		await session.reviewTeaching();
		return new TeachLoop(session, new Map(train.map((e) => [e.id, e.label])), classIds, seed);
	}

	/** Asks and learns one more label, as the app's queue would; false when nothing is left to ask. */
	async next(): Promise<boolean> {
		const { session } = this;
		await session.scorer.suggest();
		const ranked = await rankPool((work) => work(session), { strategyId: DEFAULT_STRATEGY, k: 1, auditShare: DEFAULT_AUDIT_SHARE, seed: this.seed * 100_003 + this.labels, previous: this.previous });
		this.previous = ranked?.picks.map((p) => p.id) ?? [];
		const pick = ranked?.picks[0];
		if (!pick) return false;
		const held = session.pool.get(pick.id)!;
		const classId = this.classIds[this.truth.get(pick.id)!]!;
		await session.upsertSamples([{ ...held, classId, audit: pick.audit, updatedAt: this.labels }]);
		await session.trainer.judgeUnseen([{ sampleId: pick.id, classId }]);
		await session.trainer.quickStep(pick.id);
		await session.trainer.refine([pick.id], () => false);
		await session.trainer.practise(() => false);
		await session.reviewTeaching();
		this.labels++;
		return true;
	}

	/** The live model's view of examples outside the pool: raw and calibrated probabilities, and novelty. */
	async score(examples: readonly Example[]): Promise<Scored[]> {
		const { session } = this;
		const classes = this.classIds.length;
		const calibration = session.teaching.calibration(session.pool.labelledCount);
		const out: Scored[] = [];
		for (let i = 0; i < examples.length; i += 256) {
			const chunk = examples.slice(i, i + 256);
			const { probs, classes: outputs, embeddings, width } = await session.context.learner.predictAndEmbed(chunk.map((e) => e.input));
			chunk.forEach((e, j) => {
				const raw = probs.slice(j * outputs, j * outputs + classes);
				const embedding = embeddings.slice(j * width, (j + 1) * width);
				const reference = session.teaching.reference;
				out.push({ label: e.label, raw, calibrated: calibrate(raw, calibration), novelty: reference ? novelty(reference, embedding, e.input) : NaN, embedding });
			});
		}
		return out;
	}

	dispose(): void {
		this.session.dispose();
	}
}
