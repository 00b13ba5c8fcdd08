import { JOINT, JOINT_COUNT, MIRRORED, POINT_FIELDS } from './joints';
import { SHAPES, skeleton } from './skeleton';

/** A body as the landmark model found it in one frame, and the frame's shape (its x and y are shares of width and height). */
export interface PoseFrame {
	/** JOINT_COUNT × POINT_FIELDS values: x, y, z, visibility per joint. */
	points: Float32Array;
	/** The frame's width over its height. */
	aspect: number;
}

/** A pose project's settings until it says otherwise (storage/projects.ts sets them at creation). */
export const DEFAULT_POSE_SETTINGS = { mirror: false, keepPhotos: false, landmarkModel: 'lite' } as const;

/** Values per joint in a feature row: x and y, centred and scaled, and visibility. */
export const FEATURES_PER_JOINT = 3;
/** The width of a pose's feature row. */
export const POSE_WIDTH = JOINT_COUNT * FEATURES_PER_JOINT;
/**
 * A person's torso (mid-shoulders to mid-hips) is about this long: it turns a move measured in torsos
 * into centimetres for the human ("raise the left wrist by 12 cm").
 */
export const TORSO_CM = 50;

/** A joint's position in one common unit on both axes (x scaled by the frame's aspect), y down. */
export function positionOf(frame: PoseFrame, joint: number): [number, number] {
	return [frame.points[joint * POINT_FIELDS]! * frame.aspect, frame.points[joint * POINT_FIELDS + 1]!];
}

function midpoint(frame: PoseFrame, a: number, b: number): [number, number] {
	const [[ax, ay], [bx, by]] = [positionOf(frame, a), positionOf(frame, b)];
	return [(ax + bx) / 2, (ay + by) / 2];
}

/** Where the body is and how big: the middle of the hips, and the torso's length (at least a tiny share of the frame, so a degenerate body cannot divide by zero). */
export function bodyFrame(frame: PoseFrame): { centre: [number, number]; torso: number } {
	const centre = midpoint(frame, JOINT.leftHip, JOINT.rightHip);
	const shoulders = midpoint(frame, JOINT.leftShoulder, JOINT.rightShoulder);
	return { centre, torso: Math.max(Math.hypot(shoulders[0] - centre[0], shoulders[1] - centre[1]), 1e-3) };
}

/** The same body seen in a mirror: x flipped, and every joint swapped with its other side's. */
export function mirrorPose(frame: PoseFrame): PoseFrame {
	const points = new Float32Array(frame.points.length);
	for (let j = 0; j < JOINT_COUNT; j++) {
		const from = MIRRORED[j]! * POINT_FIELDS;
		points.set(frame.points.subarray(from, from + POINT_FIELDS), j * POINT_FIELDS);
		points[j * POINT_FIELDS] = 1 - frame.points[from]!;
	}
	return { points, aspect: frame.aspect };
}

/**
 * Which way round a body is learned when left and right count the same: the side whose joints are
 * higher and further from where they are at rest goes on the person's left. A body and its mirror image score the opposite,
 * so exactly one of them is kept (either, on a tie).
 */
function leansLeft(row: Float32Array): boolean {
	let score = 0;
	for (let j = 0; j < JOINT_COUNT; j++) {
		const other = MIRRORED[j]!;
		if (other <= j) continue;
		const [l, r] = [j * FEATURES_PER_JOINT, other * FEATURES_PER_JOINT];
		score += row[r + 1]! - row[l + 1]! + Math.abs(row[l]!) - Math.abs(row[r]!);
	}
	return score >= 0;
}

/**
 * A pose as the model takes it: every joint relative to the middle of the hips, in torsos, measured
 * from where it is at rest, with its visibility; so a posture reads the same wherever the person
 * stands and however near the camera.
 * With `mirror`, a body and its mirror image give the same row (left and right count the same).
 */
export function normalisePose(frame: PoseFrame, options: { mirror?: boolean } = {}): Float32Array {
	const row = rowOf(frame);
	if (!options.mirror || leansLeft(row)) return row;
	return rowOf(mirrorPose(frame));
}

/** Every joint relative to the middle of the hips, in torsos (y down), as [x0, y0, x1, y1, …]. */
export function bodyCoordinates(frame: PoseFrame): Float32Array {
	const { centre, torso } = bodyFrame(frame);
	const out = new Float32Array(JOINT_COUNT * 2);
	for (let j = 0; j < JOINT_COUNT; j++) {
		const [x, y] = positionOf(frame, j);
		out[j * 2] = (x - centre[0]) / torso;
		out[j * 2 + 1] = (y - centre[1]) / torso;
	}
	return out;
}

/**
 * The body at rest (standing, hands down: skeleton.ts) that a row is measured from. Zero then means
 * "as at rest", as zero means "the mean" for a standardised spreadsheet column: the linear model's
 * fit is well conditioned, and a joint where it is at rest gets no credit for a suggestion. (With the
 * joints' raw positions, its fit leaned on the legs of two postures that differ only in a hand.)
 */
const AT_REST = skeleton(SHAPES['hands down']);

function rowOf(frame: PoseFrame): Float32Array {
	const coordinates = bodyCoordinates(frame);
	const row = new Float32Array(POSE_WIDTH);
	for (let j = 0; j < JOINT_COUNT; j++) {
		row[j * FEATURES_PER_JOINT] = coordinates[j * 2]! - AT_REST[j]![0];
		row[j * FEATURES_PER_JOINT + 1] = coordinates[j * 2 + 1]! - AT_REST[j]![1];
		row[j * FEATURES_PER_JOINT + 2] = frame.points[j * POINT_FIELDS + 3]! - 1; // 0: fully seen
	}
	return row;
}

/** A feature row's attribution gathered per joint: the sum of its values' (non-negative) attributions. */
export function perJoint(attribution: Float32Array): Float32Array {
	const joints = new Float32Array(JOINT_COUNT);
	for (let j = 0; j < JOINT_COUNT; j++) {
		for (let k = 0; k < FEATURES_PER_JOINT; k++) joints[j]! += Math.abs(attribution[j * FEATURES_PER_JOINT + k] ?? 0);
	}
	return joints;
}

/** An exported pose model's input, for its metadata: how to make the row from MediaPipe Pose's 33 landmarks. */
export function poseRowInput(mirror: boolean) {
	const rest = AT_REST.map(([x, y]) => [Number(x.toFixed(4)), Number(y.toFixed(4))]);
	return {
		shape: [null, POSE_WIDTH],
		dtype: 'float32',
		rest,
		description:
			`One body's ${JOINT_COUNT} MediaPipe Pose (BlazePose) landmarks, in its order, as a row of ${POSE_WIDTH}: per joint x, y, visibility. ` +
			'Take x times the frame\'s width over its height, and y, as given; centre on the middle of the two hips (23, 24) and divide by the torso, the distance from there to the middle of the shoulders (11, 12); ' +
			'then subtract the joint\'s position at rest ("rest", same units, y down, the person\'s left at +x); visibility is the landmark\'s visibility minus 1. ' +
			(mirror ? 'Left and right count the same: when the right side is higher and further from rest than the left (summed over left-right pairs), mirror the body first (x to 1 - x, each joint swapped with its other side\'s).' : 'No mirroring.'),
		output: 'Softmax probabilities, one per class, in the order of "labels".'
	} as const;
}
