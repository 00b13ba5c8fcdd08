import { InputError } from '$lib/core/data/input-error';
import { DEFAULT_CONTROL, defaultControl, type ControlSettings, type ProjectKind, type SignalWeights } from '$lib/core/types';
import { appendEvent } from './events';
import { isPoolLearningChoice } from '$lib/core/semi/registry';
import { db } from './db';

/** A project's learning settings, defaults filled in (and for a way of learning from the pool that this version does not know, as from an imported file). */
export function controlOf(project: { control?: Partial<ControlSettings>; kind?: ProjectKind } | undefined): ControlSettings {
	const defaults = defaultControl(project?.kind);
	const control = { ...defaults, ...project?.control };
	const poolLearning = isPoolLearningChoice(control.poolLearning) ? control.poolLearning : defaults.poolLearning;
	return { ...control, poolLearning, signalWeights: { ...DEFAULT_CONTROL.signalWeights, ...project?.control?.signalWeights } };
}

function inRange(value: number, min: number, max: number, what: string, integer = false): void {
	if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
		throw new InputError(`${what} must be ${integer ? 'a whole number ' : ''}between ${min} and ${max} (got ${Number.isFinite(value) ? value : 'nothing'}).`);
	}
}

/** Refuses settings the learner cannot use, with a message for the human. */
export function validateControl(c: ControlSettings): void {
	inRange(c.learningRate, 0.00001, 0.1, 'The learning rate');
	inRange(c.stepsPerUpdate, 1, 20, 'Steps per update', true);
	inRange(c.replaySize, 0, 256, 'The replay size', true);
	inRange(c.snapshotEvery, 0, 1000, 'A version every', true);
	for (const [kind, weight] of Object.entries(c.signalWeights) as [keyof SignalWeights, number][]) {
		if (kind === 'halfLifeHours') inRange(weight, 0.1, 10_000, 'The half-life of implicit signals');
		else inRange(weight, 0, 10, `The weight of “${kind}”`);
	}
	if (!isPoolLearningChoice(c.poolLearning)) throw new InputError(`Learning from unlabelled samples must be off, pseudo-labels or label propagation (got ${String(c.poolLearning)}).`);
	if (c.signalWeights.label < Math.max(c.signalWeights.rating, c.signalWeights.similar)) {
		throw new InputError('An explicit label must weigh at least as much as a rating.');
	}
}

/**
 * Changes how a project learns, logged as an intervention (freezing also as its own record). Bad
 * values are refused before anything is written.
 */
export async function setControl(projectId: string, patch: Partial<ControlSettings>): Promise<ControlSettings> {
	const database = db();
	return database.transaction('rw', database.projects, database.events, database.auditHeads, async () => {
		const project = await database.projects.get(projectId);
		if (!project) throw new InputError('That project no longer exists.');
		const from = controlOf(project);
		const to: ControlSettings = { ...from, ...patch, signalWeights: { ...from.signalWeights, ...patch.signalWeights } };
		validateControl(to);
		if (JSON.stringify(from) === JSON.stringify(to)) return to;
		await database.projects.update(projectId, { control: to, updatedAt: Date.now() });
		if (from.frozen !== to.frozen) await appendEvent(projectId, { type: 'model.freeze', frozen: to.frozen });
		// Anything else changed in the same call is its own record, so no change goes unlogged.
		if (JSON.stringify({ ...from, frozen: to.frozen }) !== JSON.stringify(to)) await appendEvent(projectId, { type: 'project.control', from, to });
		return to;
	});
}
