import { seededRandom } from '../random';
import { JOINT_COUNT, POINT_FIELDS } from './joints';
import type { PoseFrame } from './normalise';
import { SHAPES, skeleton, type Posture, type Shape } from './skeleton';

export { POSTURES, type Posture } from './skeleton';

type Rng = () => number;

/**
 * Made-up bodies in a few postures, for the tests, the benches and the demo: the stick figures of
 * skeleton.ts placed at a random spot and size in a 4:3 frame, with their angles varied and noise on
 * every joint. No camera or landmark model is needed.
 */
export interface SynthOptions {
	/** Joints are moved by this many torsos (Gaussian). */
	noise?: number;
	/** Angles vary by up to this many degrees. */
	spread?: number;
	/** The frame's width over its height. */
	aspect?: number;
	/** The torso's length as a share of the frame's height; random (0.14–0.24) unless given. */
	torso?: number;
	/** Where the middle of the hips is, as shares of the frame; random unless given. */
	centre?: [number, number];
}

/** One body in `posture`: angles varied by up to `spread` degrees, joints moved by `noise` torsos, at a random place and size. */
export function synthPose(posture: Posture, rng: Rng, options: SynthOptions = {}): PoseFrame {
	const { noise = 0.05, spread = 12, aspect = 4 / 3 } = options;
	const base = SHAPES[posture];
	const jitter = () => (rng() * 2 - 1) * spread;
	const shape: Shape = {
		left: { raise: base.left.raise + jitter(), bend: base.left.bend + jitter() },
		right: { raise: base.right.raise + jitter(), bend: base.right.bend + jitter() },
		thigh: base.thigh + jitter() / 2,
		knee: base.knee ? base.knee + jitter() : 0
	};
	const torso = options.torso ?? 0.14 + rng() * 0.1; // of the frame's height
	const [cx, cy] = options.centre ? [options.centre[0] * aspect, options.centre[1]] : [(0.35 + rng() * 0.3) * aspect, 0.5 + rng() * 0.15];
	const gauss = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
	const points = new Float32Array(JOINT_COUNT * POINT_FIELDS);
	skeleton(shape).forEach(([x, y], j) => {
		points[j * POINT_FIELDS] = (cx + (x + gauss() * noise) * torso) / aspect;
		points[j * POINT_FIELDS + 1] = cy + (y + gauss() * noise) * torso;
		points[j * POINT_FIELDS + 2] = gauss() * 0.05;
		points[j * POINT_FIELDS + 3] = 0.75 + rng() * 0.25;
	});
	return { points, aspect };
}

/** `perPosture` bodies of each posture, in a seeded order. */
export function synthPoses(postures: readonly Posture[], perPosture: number, seed: number, options?: SynthOptions): { posture: Posture; frame: PoseFrame }[] {
	const rng = seededRandom(seed);
	return postures.flatMap((posture) => Array.from({ length: perPosture }, () => ({ posture, frame: synthPose(posture, rng, options) })));
}
