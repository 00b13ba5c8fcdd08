import { describe, expect, it } from 'vitest';
import { groupsOf } from '$lib/state/import.svelte';

const file = (name: string, type = '') => ({ file: new Blob([], { type }), name });

describe('groupsOf', () => {
	it('closes a group of sounds when it holds four the page must decode; WAV files do not count', () => {
		const files = [file('a.mp3'), file('b.wav'), file('c.ogg'), file('rec', 'audio/wav'), file('d.webm'), file('e.m4a'), file('f.mp3'), file('g.wav'), file('h.mp3')];

		const sut = groupsOf(files, 4);

		expect(sut.map(([from, group]) => [from, group.map((f) => f.name)])).toEqual([
			[0, ['a.mp3', 'b.wav', 'c.ogg', 'rec', 'd.webm', 'e.m4a']],
			[6, ['f.mp3', 'g.wav', 'h.mp3']]
		]);
	});

	it('keeps pictures, and sounds that are all WAV, in one group', () => {
		const files = Array.from({ length: 500 }, (_, i) => file(`${i}.wav`));
		expect(groupsOf(files, 4)).toEqual([[0, files]]);
		expect(groupsOf(files, null)).toEqual([[0, files]]);
	});
});
