// Synthetic bodies for the pose benches: keypoints as the landmark model would give them, made here.
import { JOINT_COUNT, POINT_FIELDS } from '$lib/core/pose/joints';
import { keypointCsv } from '$lib/core/pose/keypoint-csv';
import type { PoseFrame } from '$lib/core/pose/normalise';
import { POSTURES, synthPose } from '$lib/core/pose/synth';
import { seededRandom } from '$lib/core/random';

/**
 * `perPosture` bodies of each of the six postures, far from a clean stick figure: angles varied by up
 * to 40° (so "arms out" and "hands on hips" overlap, as do "hands up" and "left hand up" half raised),
 * every joint moved by 0.12 torsos (Gaussian), the body turned away from the camera by up to 70° (its
 * width foreshortened), and one joint in five badly seen (low visibility, its position off by up to
 * half a torso), as a landmark model's guesses are when a limb is hidden.
 */
export function poseSet(perPosture: number, seed = 1): { frame: PoseFrame; label: string }[] {
	const random = seededRandom(seed);
	return POSTURES.flatMap((posture) =>
		Array.from({ length: perPosture }, () => {
			const frame = synthPose(posture, random, { noise: 0.12, spread: 40 });
			const turn = Math.cos((random() * 70 * Math.PI) / 180);
			const [cx] = [(frame.points[23 * POINT_FIELDS]! + frame.points[24 * POINT_FIELDS]!) / 2];
			for (let j = 0; j < JOINT_COUNT; j++) {
				const at = j * POINT_FIELDS;
				frame.points[at] = cx + (frame.points[at]! - cx) * turn;
				if (random() < 0.2) {
					frame.points[at + 3] = random() * 0.4;
					frame.points[at] = frame.points[at]! + (random() - 0.5) * 0.2;
					frame.points[at + 1] = frame.points[at + 1]! + (random() - 0.5) * 0.2;
				}
			}
			return { frame, label: posture };
		})
	);
}

/** The set as a keypoint CSV (core/pose/keypoint-csv.ts). */
export function poseCsv(perPosture: number, seed = 1): string {
	return keypointCsv(poseSet(perPosture, seed));
}
