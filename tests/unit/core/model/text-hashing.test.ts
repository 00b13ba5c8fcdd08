import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { textMlp } from '$lib/core/model/architecture';
import { HEAD_LEARNER_SETTINGS, OnlineLearner, type Example } from '$lib/core/model/online-learner';
import { hashText, TEXT_WIDTH, tokenize, tokenScores } from '$lib/core/model/text-hashing';
import { seededRandom } from '$lib/core/random';

const words = (text: string) => tokenize(text).map((t) => t.text);
const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const sum = (values: Iterable<number>) => [...values].reduce((s, x) => s + x, 0);
/** 1 on every bucket the word's own n-grams (its unigram and character n-grams) land in. */
const bucketsOf = (word: string) => hashText(word).map((v) => (v !== 0 ? 1 : 0));

describe('tokenize', () => {
	it('finds runs of letters and digits, apostrophes inside words, with offsets into the text as written', () => {
		const text = "Don't move the workers' van, 2 rock’n’roll fans!";

		const sut = tokenize(text);

		expect(sut.map((t) => t.text)).toEqual(["Don't", 'move', 'the', 'workers', 'van', '2', 'rock’n’roll', 'fans']);
		for (const t of sut) expect(text.slice(t.start, t.end)).toBe(t.text);
	});

	it('keeps accented letters whole, composed or with combining marks', () => {
		const text = 'Café naïve (cafe\u0301)';

		const sut = tokenize(text);

		expect(sut.map((t) => t.text)).toEqual(['Café', 'naïve', 'cafe\u0301']);
		expect(sut[2]).toEqual({ text: 'cafe\u0301', start: 12, end: 17 });
	});

	it('skips emoji and counts offsets in UTF-16 units past them', () => {
		const text = '🦊 fox🦊den';

		expect(tokenize(text)).toEqual([
			{ text: 'fox', start: 3, end: 6 },
			{ text: 'den', start: 8, end: 11 }
		]);
	});

	it('takes Chinese and Japanese one character at a time, as they are written without spaces', () => {
		expect(words('我看到狐狸')).toEqual(['我', '看', '到', '狐', '狸']);
		expect(words('Tokyo東京2024 カメラ')).toEqual(['Tokyo', '東', '京', '2024', 'カ', 'メ', 'ラ']);
	});

	it('finds no token in punctuation and space', () => {
		expect(tokenize(' ... !? 🦊 ')).toEqual([]);
	});
});

describe('hashText', () => {
	it('is a unit vector of TEXT_WIDTH values, the same every time', () => {
		const sut = hashText('Heron seen fishing in the ditch');

		expect(sut).toHaveLength(TEXT_WIDTH);
		expect(norm(sut)).toBeCloseTo(1, 5);
		expect(hashText('Heron seen fishing in the ditch')).toEqual(sut);
	});

	it('ignores case, punctuation, spacing and Unicode composition', () => {
		expect(hashText('Café: FOX   seen!')).toEqual(hashText('cafe\u0301 fox seen'));
	});

	it('tells different texts apart, word order included', () => {
		expect(hashText('dog bites man')).not.toEqual(hashText('man bites dog'));
		expect(hashText('battery flat')).not.toEqual(hashText('owl nesting'));
	});

	it('gives all zeros for a text with no token', () => {
		expect(hashText('!!! 🦊').every((v) => v === 0)).toBe(true);
	});
});

describe('tokenScores', () => {
	const text = 'The faulty pump was seen by the pond, faulty again.';

	it('hands each bucket’s attribution out whole to the tokens, or not at all, so the scores add up', () => {
		const handedOut = Array.from({ length: TEXT_WIDTH }, (_, b) => {
			const oneBucket = new Float32Array(TEXT_WIDTH);
			oneBucket[b] = 1;
			return sum(tokenScores(text, oneBucket).map((s) => s.score));
		});
		const random = seededRandom(3);
		const map = Float32Array.from({ length: TEXT_WIDTH }, () => random() * 2 - 1);

		const sut = tokenScores(text, map);

		for (const share of handedOut) expect([0, 1].some((whole) => Math.abs(share - whole) < 1e-9)).toBe(true);
		hashText(text).forEach((v, b) => v !== 0 && expect(handedOut[b]).toBeCloseTo(1, 9)); // every bucket the vector uses
		expect(sum(sut.map((s) => s.score))).toBeCloseTo(sum(map.filter((_, b) => handedOut[b]! > 0.5)), 9);
		expect(sut.map((s) => text.slice(s.start, s.end))).toEqual(words(text));
	});

	it('scores highest the word whose buckets the map points at, lowest when it points against it', () => {
		const towardsPump = bucketsOf('pump');

		const up = tokenScores(text, towardsPump);
		const down = tokenScores(text, towardsPump.map((v) => -v));

		const pump = words(text).indexOf('pump');
		expect(up.map((s) => s.score).indexOf(Math.max(...up.map((s) => s.score)))).toBe(pump);
		expect(down.map((s) => s.score).indexOf(Math.min(...down.map((s) => s.score)))).toBe(pump);
		expect(down[pump]!.score).toBeLessThan(0);
	});

	it('splits a repeated word’s share evenly among its places', () => {
		const sut = tokenScores('rain rain rain', bucketsOf('rain'));

		expect(sut[0]!.score).toBeGreaterThan(0);
		expect(sut[1]!.score).toBeCloseTo(sut[0]!.score, 9);
		expect(sut[2]!.score).toBeCloseTo(sut[0]!.score, 9);
	});

	it('refuses a map of another width', () => {
		expect(() => tokenScores('fox', new Float32Array(10))).toThrow(/1024 values, not 10/);
	});
});

describe('textMlp on hashed notes', () => {
	beforeAll(async () => {
		await tf.setBackend('wasm');
	});

	const faults = [
		'Battery on the river logger is flat and the sensor is not working.',
		'Camera at the north hide is broken, needs a new battery and a repair.',
		'Sensor cable broken near the weir, the logger has not been working since Tuesday.',
		'Replaced the flat battery in the trail camera, the old one was broken.',
		'The pump is broken again and the battery charger is faulty.',
		'Logger at the gate needs a repair, its sensor reads nothing.'
	];
	const sightings = [
		'Two deer seen at the edge of the wood, feeding at dusk.',
		'Spotted a pair of owls nesting in the old oak.',
		'Several birds seen feeding on the mudflats at dusk.',
		'A fox spotted crossing the meadow, then two deer seen feeding at the wood edge.',
		'Owls heard calling at dusk, and a pair seen hunting along the hedge.',
		'Spotted three herons feeding at the edge of the pond at dusk.'
	];
	const example = (text: string, label: number, i: number): Example => ({ id: `${label}-${i}`, input: hashText(text), label });

	it('learns equipment faults from wildlife sightings from two labelled notes of each, and leaks no tensor', async () => {
		const [fault, sighting] = [faults.map((t, i) => example(t, 0, i)), sightings.map((t, i) => example(t, 1, i))];
		const taught = [fault[0]!, sighting[0]!, fault[1]!, sighting[1]!];
		const unseen = [...fault.slice(2), ...sighting.slice(2)];
		const before = tf.memory().numTensors;
		const sut = OnlineLearner.create(2, HEAD_LEARNER_SETTINGS, textMlp(TEXT_WIDTH));

		for (let i = 0; i < taught.length; i++) await sut.update(taught[i]!, taught.slice(0, i + 1));
		const probs = await sut.predict(unseen.map((e) => e.input));
		const right = unseen.filter((e, i) => (probs[i * 2 + 1]! > 0.5 ? 1 : 0) === e.label).length;

		expect(right / unseen.length).toBeGreaterThanOrEqual(0.8);
		sut.dispose();
		expect(tf.memory().numTensors).toBe(before);
	});
});
