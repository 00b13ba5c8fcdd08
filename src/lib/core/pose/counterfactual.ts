import { cheapestFlip, isTop } from '../explain/cheapest-flip';
import { CARRIED, JOINTS, MOVABLE, POINT_FIELDS } from './joints';
import { bodyFrame, normalisePose, TORSO_CM, type PoseFrame } from './normalise';

/** One joint moved: by how much, in torsos, along the picture's axes (y down). */
export interface JointMove {
	joint: number;
	dx: number;
	dy: number;
}

export interface PoseCounterfactual {
	/** Empty when the target is already the top class. */
	moves: JointMove[];
	/** The body with the moves made, to draw. */
	frame: PoseFrame;
	/** Of the target class, after the moves. */
	probability: number;
	/** The moves in words: "raise the left wrist by 12 cm". */
	words: string[];
}

/** Directions tried for each joint: the eight points of the compass. */
const DIRECTIONS = Array.from({ length: 8 }, (_, k) => [Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4)] as const);
/** Distances tried, in torsos: 0.05 to 2 (2.5 cm to a metre). */
const STEPS = Array.from({ length: 40 }, (_, k) => 0.05 * (k + 1));
/** Joints whose single moves raised the target most, paired when no single move is enough. */
const PAIRED_JOINTS = 4;
/** A joint the model can hardly see is not moved: its position is a guess. */
const MIN_VISIBILITY = 0.3;

/** The body with `moves` made: a moved joint takes what it carries along (a wrist its hand). */
export function moved(frame: PoseFrame, moves: readonly JointMove[]): PoseFrame {
	const { torso } = bodyFrame(frame);
	const points = frame.points.slice();
	for (const { joint, dx, dy } of moves) {
		for (const j of [joint, ...(CARRIED[joint] ?? [])]) {
			points[j * POINT_FIELDS] = points[j * POINT_FIELDS]! + (dx * torso) / frame.aspect;
			points[j * POINT_FIELDS + 1] = points[j * POINT_FIELDS + 1]! + dy * torso;
		}
	}
	return { points, aspect: frame.aspect };
}

/** A move as the human reads it, in centimetres for a TORSO_CM torso, along the picture's axes. */
export function describeMove({ joint, dx, dy }: JointMove): string {
	const [across, up] = [Math.round(Math.abs(dx) * TORSO_CM), Math.round(Math.abs(dy) * TORSO_CM)];
	const name = JOINTS[joint];
	const side = `to the picture's ${dx < 0 ? 'left' : 'right'}`;
	if (across < 2) return `${dy < 0 ? 'raise' : 'lower'} the ${name} by ${up} cm`;
	if (up < 2) return `move the ${name} ${across} cm ${side}`;
	return `${dy < 0 ? 'raise' : 'lower'} the ${name} by ${up} cm and move it ${across} cm ${side}`;
}

interface Tried {
	moves: JointMove[];
	output: Float32Array;
}

const cost = (t: Tried) => t.moves.reduce((sum, m) => sum + Math.hypot(m.dx, m.dy), 0);

/**
 * "What would make it B?" for a body: the smallest move of one joint, else of two, that makes
 * `target` the model's top class, tried on a grid of directions and distances. Two calls to
 * `predict` at most (every single move in one batch, then the pairs), so a worker round trip is paid
 * twice at most. Null when no move of one or two joints does it.
 */
export async function poseCounterfactual(
	frame: PoseFrame,
	target: number,
	mirror: boolean,
	predict: (rows: Float32Array[]) => Promise<Float32Array[]>
): Promise<PoseCounterfactual | null> {
	const rowOf = (moves: readonly JointMove[]) => normalisePose(moved(frame, moves), { mirror });
	const result = ({ moves, output }: Tried): PoseCounterfactual => ({ moves, frame: moved(frame, moves), probability: output[target]!, words: moves.map(describeMove) });
	const joints = MOVABLE.filter((j) => frame.points[j * POINT_FIELDS + 3]! >= MIN_VISIBILITY);
	const singles: JointMove[][] = joints.flatMap((joint) => DIRECTIONS.flatMap(([ux, uy]) => STEPS.map((d) => [{ joint, dx: ux * d, dy: uy * d }])));
	const [original, ...singleOutputs] = await predict([rowOf([]), ...singles.map(rowOf)]);
	if (!original) return null;
	if (isTop(original, target)) return result({ moves: [], output: original });
	const tried = singles.map((moves, i) => ({ moves, output: singleOutputs[i]! }));
	const single = cheapestFlip(tried, target, cost);
	if (single) return result(single);

	// Each joint's best direction and how far it got the target on its own; the best few are paired.
	const best = new Map<number, Tried>();
	for (const t of tried) {
		const joint = t.moves[0]!.joint;
		if (!best.has(joint) || t.output[target]! > best.get(joint)!.output[target]!) best.set(joint, t);
	}
	const paired = [...best.values()].sort((a, b) => b.output[target]! - a.output[target]!).slice(0, PAIRED_JOINTS).map((t) => t.moves[0]!);
	const pairs: JointMove[][] = [];
	paired.forEach((a, i) =>
		paired.slice(i + 1).forEach((b) => {
			const [ua, ub] = [Math.hypot(a.dx, a.dy), Math.hypot(b.dx, b.dy)];
			for (const da of STEPS) for (const db of STEPS) pairs.push([{ joint: a.joint, dx: (a.dx / ua) * da, dy: (a.dy / ua) * da }, { joint: b.joint, dx: (b.dx / ub) * db, dy: (b.dy / ub) * db }]);
		})
	);
	if (pairs.length === 0) return null;
	const pairOutputs = await predict(pairs.map(rowOf));
	const pair = cheapestFlip(pairs.map((moves, i) => ({ moves, output: pairOutputs[i]! })), target, cost);
	return pair ? result(pair) : null;
}
