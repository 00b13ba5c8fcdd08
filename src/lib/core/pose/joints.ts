/**
 * The 33 body keypoints of MediaPipe Pose (BlazePose), in its order, and the bones between them.
 * "Left" is the person's own left, which faces the viewer's right in an unmirrored picture.
 */
export const JOINTS = [
	'nose',
	'left eye (inner)',
	'left eye',
	'left eye (outer)',
	'right eye (inner)',
	'right eye',
	'right eye (outer)',
	'left ear',
	'right ear',
	'mouth (left)',
	'mouth (right)',
	'left shoulder',
	'right shoulder',
	'left elbow',
	'right elbow',
	'left wrist',
	'right wrist',
	'left pinky',
	'right pinky',
	'left index finger',
	'right index finger',
	'left thumb',
	'right thumb',
	'left hip',
	'right hip',
	'left knee',
	'right knee',
	'left ankle',
	'right ankle',
	'left heel',
	'right heel',
	'left foot',
	'right foot'
] as const;

export const JOINT_COUNT = JOINTS.length;

/** Each keypoint as stored: x and y as shares of the frame's width and height (y down), depth, and how visible it is (0..1). */
export const POINT_FIELDS = 4;

export const JOINT = {
	nose: 0,
	leftShoulder: 11,
	rightShoulder: 12,
	leftElbow: 13,
	rightElbow: 14,
	leftWrist: 15,
	rightWrist: 16,
	leftHip: 23,
	rightHip: 24,
	leftKnee: 25,
	rightKnee: 26,
	leftAnkle: 27,
	rightAnkle: 28
} as const;

/** The bones drawn between keypoints (MediaPipe's POSE_CONNECTIONS). */
export const BONES: readonly (readonly [number, number])[] = [
	[0, 1], [1, 2], [2, 3], [3, 7], [0, 4], [4, 5], [5, 6], [6, 8], [9, 10],
	[11, 12], [11, 13], [13, 15], [15, 17], [15, 19], [15, 21], [17, 19],
	[12, 14], [14, 16], [16, 18], [16, 20], [16, 22], [18, 20],
	[11, 23], [12, 24], [23, 24], [23, 25], [24, 26], [25, 27], [26, 28],
	[27, 29], [28, 30], [29, 31], [30, 32], [27, 31], [28, 32]
];

/** Each joint's mirror image: the same joint on the other side (the nose is its own). */
export const MIRRORED: readonly number[] = JOINTS.map((name, i) => {
	const other = name.startsWith('left') ? name.replace('left', 'right') : name.startsWith('right') ? name.replace('right', 'left') : name.replace('(left)', '(right)') !== name ? name.replace('(left)', '(right)') : name.replace('(right)', '(left)');
	const j = JOINTS.indexOf(other as (typeof JOINTS)[number]);
	return j < 0 ? i : j;
});

/**
 * The joints a counterfactual may move, as a person would: the head (by the nose), elbows, wrists,
 * knees and ankles. Not the shoulders or hips: they are what a body is measured from, so moving one
 * would move every joint's reading at once.
 */
export const MOVABLE: readonly number[] = [0, 13, 14, 15, 16, 25, 26, 27, 28];

/** What goes with a joint when it moves: the face with the nose, the hand with the wrist, the foot with the ankle. */
export const CARRIED: Readonly<Record<number, readonly number[]>> = {
	0: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
	15: [17, 19, 21],
	16: [18, 20, 22],
	27: [29, 31],
	28: [30, 32]
};
