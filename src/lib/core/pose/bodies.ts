import { JOINT, JOINT_COUNT, POINT_FIELDS } from './joints';
import type { PoseFrame } from './normalise';

/** The joints a posture is read from first: without them there is no body to learn. */
const TORSO = [JOINT.leftShoulder, JOINT.rightShoulder, JOINT.leftHip, JOINT.rightHip];
/** Below this mean visibility of the torso's joints, the model found no body worth learning from. */
export const MIN_TORSO_VISIBILITY = 0.5;

/** How visible a body is: the mean visibility of its joints. */
export function visibilityOf(points: Float32Array): number {
	let sum = 0;
	for (let j = 0; j < JOINT_COUNT; j++) sum += points[j * POINT_FIELDS + 3]!;
	return sum / JOINT_COUNT;
}

function torsoVisibility(points: Float32Array): number {
	return TORSO.reduce((sum, j) => sum + points[j * POINT_FIELDS + 3]!, 0) / TORSO.length;
}

/** One frame's bodies, as the landmark model gave them, reduced to the one to learn from. */
export type BodyPick = { body: PoseFrame; others: number } | { body: null; reason: 'none' | 'hidden' };

/**
 * The body to learn from in a frame: the most visible of those found ("several bodies" are said,
 * with `others`), or none when nothing was found or its torso is mostly out of view.
 */
export function pickBody(bodies: readonly Float32Array[], aspect: number): BodyPick {
	if (bodies.length === 0) return { body: null, reason: 'none' };
	const ranked = [...bodies].sort((a, b) => visibilityOf(b) - visibilityOf(a));
	if (torsoVisibility(ranked[0]!) < MIN_TORSO_VISIBILITY) return { body: null, reason: 'hidden' };
	return { body: { points: ranked[0]!, aspect }, others: ranked.length - 1 };
}

/** What the human reads when a frame gave no body to learn from. */
export function noBodyMessage(reason: 'none' | 'hidden', where: string): string {
	return reason === 'none'
		? `No body was found in ${where}. Step back so the whole body, or at least the shoulders and hips, is in view.`
		: `The body in ${where} is mostly out of view: its shoulders and hips must be visible.`;
}
