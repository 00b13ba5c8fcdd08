import { describe, expect, it } from 'vitest';
import { seededRandom } from '$lib/core/random';
import { noBodyMessage, pickBody } from '$lib/core/pose/bodies';
import { JOINT, POINT_FIELDS } from '$lib/core/pose/joints';
import { synthPose } from '$lib/core/pose/synth';

const rng = seededRandom(5);
const body = (visibility: number) => {
	const points = synthPose('hands up', rng).points;
	for (let i = 3; i < points.length; i += POINT_FIELDS) points[i] = visibility;
	return points;
};

describe('pickBody', () => {
	const sut = pickBody;

	it('takes the most visible of several bodies and says how many others there were', () => {
		const [faint, clear, middling] = [body(0.6), body(0.95), body(0.8)];
		const pick = sut([faint, middling, clear], 4 / 3);
		expect(pick.body?.points).toBe(clear);
		expect(pick.body && pick.others).toBe(2);
	});

	it('finds no body in an empty frame, nor in one whose shoulders and hips are out of view', () => {
		const hidden = body(0.9);
		for (const j of [JOINT.leftHip, JOINT.rightHip, JOINT.leftShoulder]) hidden[j * POINT_FIELDS + 3] = 0.05;
		expect(sut([], 1)).toEqual({ body: null, reason: 'none' });
		expect(sut([hidden], 1)).toEqual({ body: null, reason: 'hidden' });
		expect(noBodyMessage('none', '“beach.jpg”')).toContain('No body was found in “beach.jpg”');
	});
});
