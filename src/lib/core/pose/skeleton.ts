import { JOINT_COUNT } from './joints';

/**
 * Stick figures in a few postures, in body units: the torso (mid-shoulders to mid-hips) is 1, the
 * middle of the hips is at 0, y points down, and the person's left is at +x (the viewer's right, as a
 * camera facing them sees it). The synthetic bodies (synth.ts) vary them; "hands down" is the body at
 * rest that a pose's row is measured from (normalise.ts).
 */
export const POSTURES = ['hands up', 'arms out', 'hands down', 'left hand up', 'hands on hips', 'squat'] as const;
export type Posture = (typeof POSTURES)[number];

/** Degrees from hanging straight down (0) through out to the side (90) to straight up (180), and the elbow's bend. */
export interface Arm {
	raise: number;
	bend: number;
}
export interface Shape {
	left: Arm;
	right: Arm;
	/** Thighs' angle out from straight down, and the knees' bend; a squat lowers the hips. */
	thigh: number;
	knee: number;
}

export const SHAPES: Record<Posture, Shape> = {
	'hands up': { left: { raise: 165, bend: 0 }, right: { raise: 165, bend: 0 }, thigh: 8, knee: 0 },
	'arms out': { left: { raise: 90, bend: 0 }, right: { raise: 90, bend: 0 }, thigh: 8, knee: 0 },
	'hands down': { left: { raise: 10, bend: 0 }, right: { raise: 10, bend: 0 }, thigh: 8, knee: 0 },
	'left hand up': { left: { raise: 165, bend: 0 }, right: { raise: 10, bend: 0 }, thigh: 8, knee: 0 },
	'hands on hips': { left: { raise: 40, bend: -100 }, right: { raise: 40, bend: -100 }, thigh: 8, knee: 0 },
	squat: { left: { raise: 60, bend: 0 }, right: { raise: 60, bend: 0 }, thigh: 75, knee: -150 }
};

const UPPER_ARM = 0.6;
const FOREARM = 0.55;
const THIGH = 0.85;
const SHIN = 0.8;

function along(from: [number, number], angleDeg: number, side: number, length: number): [number, number] {
	const a = (angleDeg * Math.PI) / 180;
	return [from[0] + side * Math.sin(a) * length, from[1] + Math.cos(a) * length];
}

/** Every joint in body units for a shape. */
export function skeleton(shape: Shape): [number, number][] {
	const drop = shape.knee ? 0.55 : 0;
	const p: [number, number][] = Array.from({ length: JOINT_COUNT }, () => [0, 0]);
	const set = (j: number, at: [number, number]) => (p[j] = [at[0], at[1] + drop]);
	set(0, [0, -1.35]);
	[1, 2, 3].forEach((j, k) => set(j, [0.04 + 0.03 * k, -1.42]));
	[4, 5, 6].forEach((j, k) => set(j, [-0.04 - 0.03 * k, -1.42]));
	set(7, [0.15, -1.38]);
	set(8, [-0.15, -1.38]);
	set(9, [0.05, -1.27]);
	set(10, [-0.05, -1.27]);
	for (const side of [1, -1]) {
		const arm = side === 1 ? shape.left : shape.right;
		const [shoulder, elbow, wrist, pinky, index, thumb, hip, knee, ankle, heel, foot] =
			side === 1 ? [11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31] : [12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32];
		const s: [number, number] = [0.3 * side, -1];
		const e = along(s, arm.raise, side, UPPER_ARM);
		const w = along(e, arm.raise + arm.bend, side, FOREARM);
		const h: [number, number] = [0.2 * side, 0];
		const k = along(h, shape.thigh, side, THIGH);
		const a = along(k, shape.thigh + shape.knee, side, SHIN);
		set(shoulder, s);
		set(elbow, e);
		set(wrist, w);
		set(pinky, along(w, arm.raise + arm.bend + 10, side, 0.12));
		set(index, along(w, arm.raise + arm.bend, side, 0.15));
		set(thumb, along(w, arm.raise + arm.bend - 15, side, 0.1));
		set(hip, h);
		set(knee, k);
		set(ankle, a);
		set(heel, [a[0] - 0.03 * side, a[1] + 0.06]);
		set(foot, [a[0] + 0.12 * side, a[1] + 0.08]);
	}
	return p;
}

