import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '$lib/core/data/input-error';
import { AttuneDb, db, DB_NAME, resetDbForTests } from '$lib/storage/db';
import { appendEvent } from '$lib/storage/events';
import { cachedProfileName } from '$lib/storage/profile';
import { createProject } from '$lib/storage/projects';
import { forgetMeasuredBackends, getMeasuredBackends, getProfileName, setMeasuredBackends, setProfileName } from '$lib/storage/settings';
import { useFreshDb } from '../helpers/fresh-db';

const newestProfile = async () => (await db().events.orderBy('seq').last())?.profile;

describe('the profile name', () => {
	useFreshDb();

	it("is 'me' until set, and every record carries it", async () => {
		await createProject('Birds', 'image');

		expect(await getProfileName()).toBe('me');
		expect(await newestProfile()).toBe('me');
	});

	it('is stored cleaned, and the records made from then on carry it', async () => {
		const sut = await setProfileName('  Ada\u0007  Lovelace\n');
		await createProject('Birds', 'image');

		expect(sut).toBe('Ada Lovelace');
		expect(await getProfileName()).toBe('Ada Lovelace');
		expect(await newestProfile()).toBe('Ada Lovelace');
	});

	it.each([
		['an empty', '', /Give your profile a name/],
		['a control-characters-only', '\u0000\u001f\t', /Give your profile a name/],
		['a 41-character', 'x'.repeat(41), /at most 40 characters \(this one has 41\)/]
	])('refuses %s name and keeps the one before', async (_, name, message) => {
		await setProfileName('Ada');

		await expect(setProfileName(name)).rejects.toThrow(message);
		await expect(setProfileName(name)).rejects.toBeInstanceOf(InputError);
		expect(await getProfileName()).toBe('Ada');
	});

	it('takes 40 characters, counting an emoji as one', async () => {
		expect(await setProfileName('🦉'.repeat(40))).toHaveLength(80);
	});

	it('is read again when the database opens, before anything is logged', async () => {
		await setProfileName('Ada');
		resetDbForTests();
		const raw = await new Dexie(DB_NAME).open(); // no AttuneDb: nothing of ours reads the name here
		await raw.table('settings').put({ key: 'profile.name', value: 'Cy' });
		raw.close();

		await appendEvent('p', { type: 'project.delete' });

		expect(await newestProfile()).toBe('Cy');
	});

	it('follows a change made by another tab or worker', async () => {
		await createProject('Birds', 'image');
		const otherTab = new AttuneDb(DB_NAME);

		await otherTab.settings.put({ key: 'profile.name', value: 'Bo' });

		await vi.waitFor(() => expect(cachedProfileName()).toBe('Bo'));
		await appendEvent('p', { type: 'project.delete' });
		expect(await newestProfile()).toBe('Bo');
		otherTab.close();
	});
});

describe('the backends measured at start-up', () => {
	useFreshDb();
	const measured = { train: 'wasm' as const, predict: 'wasm' as const, trials: [{ name: 'wasm' as const, ok: true, trainStepMs: 9 }], fallback: ['wasm' as const, 'cpu' as const], measuredAt: 1 };

	it('are kept for the browser that measured them, not for another version, until forgotten', async () => {
		await setMeasuredBackends(measured, 'Chromium/156');

		expect(await getMeasuredBackends('Chromium/156')).toMatchObject(measured);
		expect(await getMeasuredBackends('Chromium/157')).toBeNull();
		await forgetMeasuredBackends();
		expect(await getMeasuredBackends('Chromium/156')).toBeNull();
	});
});
