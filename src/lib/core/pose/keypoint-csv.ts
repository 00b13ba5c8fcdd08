import { JOINT_COUNT, JOINTS, POINT_FIELDS } from './joints';
import type { PoseFrame } from './normalise';

/**
 * Bodies as a CSV: the frame's aspect, then x, y, z and visibility of every joint (as the landmark
 * model gives them: x and y as shares of the frame), then the label. A pose project's labelled export
 * writes it; `bench/make-poses.mjs` writes it; `al --data FILE.csv` reads it as poses.
 */
const slug = (name: string) => name.replace(/[()]/g, '').trim().replace(/\s+/g, '_');
const FIELDS = ['x', 'y', 'z', 'visibility'] as const;

export const KEYPOINT_COLUMNS: readonly string[] = ['aspect', ...JOINTS.flatMap((joint) => FIELDS.map((f) => `${slug(joint)}_${f}`))];

export function keypointCsv(rows: readonly { frame: PoseFrame; label: string | null }[]): string {
	const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
	const lines = rows.map(({ frame, label }) => [frame.aspect.toFixed(4), ...Array.from(frame.points, (v) => v.toFixed(5)), quote(label ?? '')].join(','));
	return [[...KEYPOINT_COLUMNS, 'label'].join(','), ...lines].join('\n') + '\n';
}

/** Whether a CSV's columns (the label's aside) are keypoints as `keypointCsv` writes them. */
export function isKeypointHeader(columns: readonly string[]): boolean {
	return columns.length >= KEYPOINT_COLUMNS.length && KEYPOINT_COLUMNS.every((c, i) => columns[i] === c);
}

/** One CSV row's values (the label's aside) as a body. */
export function keypointFrame(values: readonly number[]): PoseFrame {
	return { aspect: values[0]!, points: Float32Array.from(values.slice(1, 1 + JOINT_COUNT * POINT_FIELDS)) };
}
