import { describe, expect, it } from 'vitest';
import { InputError } from '$lib/core/data/input-error';
import { DEFAULT_CONTROL, ROW_CONTROL, type ControlSettings } from '$lib/core/types';
import { verifyAudit } from '$lib/storage/audit';
import { controlOf, setControl as sut } from '$lib/storage/control';
import { db } from '$lib/storage/db';
import { recentEvents } from '$lib/storage/events';
import { createProject } from '$lib/storage/projects';
import { useFreshDb } from '../helpers/fresh-db';

const newProject = () => createProject('Control', 'image');

/** Everything setControl could touch: the project row, the log and the chain heads. */
const snapshot = async (projectId: string) => ({
	project: await db().projects.get(projectId),
	events: await db().events.toArray(),
	heads: await db().auditHeads.toArray()
});

describe('a project\'s learning settings', () => {
	useFreshDb();

	it('fills every missing setting, nested signal weights too, with the defaults', () => {
		expect(controlOf(undefined)).toEqual(DEFAULT_CONTROL);

		const filled = controlOf({ control: { learningRate: 0.01, signalWeights: { rating: 0.7 } } as Partial<ControlSettings> });

		expect(filled).toEqual({ ...DEFAULT_CONTROL, learningRate: 0.01, signalWeights: { ...DEFAULT_CONTROL.signalWeights, rating: 0.7 } });
	});

	it('starts spreadsheet and notes projects on the row defaults (bigger, more steps), pictures on the image ones', () => {
		expect(controlOf({ kind: 'image' })).toEqual(DEFAULT_CONTROL);
		expect(controlOf({ kind: 'text' })).toEqual(ROW_CONTROL);
		expect(controlOf({ kind: 'tabular', control: { stepsPerUpdate: 3 } })).toEqual({ ...ROW_CONTROL, stepsPerUpdate: 3 });
		expect(ROW_CONTROL.learningRate).toBeGreaterThan(DEFAULT_CONTROL.learningRate);
	});

	it('learning from the unlabelled pool: switched off and logged like any setting; a value this version does not know reads as the default', async () => {
		const { id } = await newProject();

		await sut(id, { poolLearning: 'off' });

		expect(controlOf(await db().projects.get(id)).poolLearning).toBe('off');
		expect((await recentEvents(id)).filter((e) => e.type === 'project.control')).toMatchObject([{ from: { poolLearning: DEFAULT_CONTROL.poolLearning }, to: { poolLearning: 'off' } }]);
		expect(controlOf({ kind: 'image', control: { poolLearning: 'guesswork' } as unknown as Partial<ControlSettings> }).poolLearning).toBe(DEFAULT_CONTROL.poolLearning);
	});

	it('stores a change and logs it once, with from and to', async () => {
		const { id } = await newProject();

		const returned = await sut(id, { learningRate: 0.01, signalWeights: { ...DEFAULT_CONTROL.signalWeights, dwell: 0.3 } });

		const expected = { ...DEFAULT_CONTROL, learningRate: 0.01, signalWeights: { ...DEFAULT_CONTROL.signalWeights, dwell: 0.3 } };
		expect(returned).toEqual(expected);
		expect((await db().projects.get(id))?.control).toEqual(expected);
		const logged = (await recentEvents(id)).filter((e) => e.type === 'project.control');
		expect(logged).toMatchObject([{ from: DEFAULT_CONTROL, to: expected }]);
	});

	it('logs freezing and unfreezing as model.freeze, not as a settings change', async () => {
		const { id } = await newProject();

		await sut(id, { frozen: true });
		await sut(id, { frozen: false });

		const types = (await recentEvents(id)).map((e) => e.type);
		expect(types).toEqual(['model.freeze', 'model.freeze', 'project.create']);
		expect(await recentEvents(id, 2)).toMatchObject([{ frozen: false }, { frozen: true }]);
	});

	it('logs nothing when nothing changes', async () => {
		const { id } = await newProject();
		await sut(id, { replaySize: 64 });
		const before = await snapshot(id);

		await sut(id, { replaySize: 64, learningRate: DEFAULT_CONTROL.learningRate });

		expect(await snapshot(id)).toEqual(before);
	});

	const weights = (w: Partial<ControlSettings['signalWeights']>) => ({ signalWeights: { ...DEFAULT_CONTROL.signalWeights, ...w } });
	it.each([
		['learning rate 0', { learningRate: 0 }, /learning rate/],
		['learning rate 0.5', { learningRate: 0.5 }, /learning rate/],
		['learning rate NaN', { learningRate: NaN }, /learning rate/],
		['0 steps', { stepsPerUpdate: 0 }, /Steps per update/],
		['2.5 steps', { stepsPerUpdate: 2.5 }, /Steps per update/],
		['21 steps', { stepsPerUpdate: 21 }, /Steps per update/],
		['replay -1', { replaySize: -1 }, /replay size/],
		['replay 300', { replaySize: 300 }, /replay size/],
		['a version every -1', { snapshotEvery: -1 }, /A version every/],
		['a negative signal weight', weights({ dwell: -0.1 }), /“dwell”/],
		['a half-life of 0', weights({ halfLifeHours: 0 }), /half-life/],
		['a label weighing less than a rating', weights({ label: 0.4 }), /label.*rating/],
		['an unknown way of learning from the pool', { poolLearning: 'guesswork' }, /unlabelled samples must be off, pseudo-labels or label propagation/]
	])('refuses %s, naming the setting, and changes nothing', async (_, patch, message) => {
		const { id } = await newProject();
		await sut(id, { learningRate: 0.005 });
		const before = await snapshot(id);

		const refused = sut(id, patch as Partial<ControlSettings>);

		await expect(refused).rejects.toBeInstanceOf(InputError);
		await expect(refused).rejects.toThrow(message);
		expect(await snapshot(id)).toEqual(before);
		expect(await verifyAudit(id)).toEqual({ ok: true, records: 2 });
	});
});
