/** The domain types shared by every layer. Plain data only: everything here can be stored and cloned. */

import type { TabularSchema } from './data/tabular-schema';
import type { PoseFrame } from './pose/normalise';
import type { BackboneFormat, BackboneSource, BackendName, ModelChoiceCheck } from './model-types';
import type { ActiveLearningSettings, ControlSettings, ProjectKind } from './settings';

// Split out by subject; every layer imports all of it from here.
export * from './model-types';
export * from './settings';

export interface Project {
	id: string;
	name: string;
	kind: ProjectKind;
	createdAt: number;
	updatedAt: number;
	openedAt: number;
	/** Set when the user deletes the project; it is purged once the undo window has passed. */
	deletedAt?: number;
	/** The imported feature extractor the project learns on; unset for the from-scratch CNN. */
	backboneId?: string;
	/**
	 * A picture project whose model is chosen by measurement (the default for new ones): it starts on
	 * the built-in backbone, and moves to the small CNN once that does better on the human's labels
	 * (core/session/model-choice.ts); `last` is the last check. Unset: the human chose the model.
	 */
	modelChoice?: { measured: true; last?: ModelChoiceCheck };
	/** How the project asks the human; unset means the defaults (DEFAULT_ACTIVE_LEARNING). */
	activeLearning?: ActiveLearningSettings;
	/** Where no sample should matter ("always ignore this region"), painted on the 32x32 input grid. */
	ignoreRegion?: ExplanationMask;
	/** How the model learns and what each kind of signal weighs; unset means DEFAULT_CONTROL. */
	control?: ControlSettings;
	/** A spreadsheet project's columns and how rows become model inputs, fixed by its first import. */
	tabular?: TabularSchema;
	/** A notes project: likely personal data is masked in what is shown, exported and learned (core/data/personal-data.ts). */
	maskPersonal?: boolean;
	/** A sound project: how long each clip is, in seconds (core/sound/clips.ts); unset means DEFAULT_CLIP_SECONDS. */
	clipSeconds?: number;
	/** A pose project's choices; set for every pose project. */
	pose?: PoseSettings;
	/** Set while the project is (or was) a class's: this device's membership (storage/class-bridge.ts). */
	class?: ClassLink;
}

/** How a pose project reads and keeps bodies (core/pose/). */
export interface PoseSettings {
	/** Left and right count the same: a body and its mirror image are one posture. Fixed at creation, since every row is made with it. */
	mirror: boolean;
	/** Keep each pose's photo or camera frame. Off (the default): only the keypoints and a blurred picture are kept, in the project and in its file. */
	keepPhotos: boolean;
	/** The landmark model that finds the keypoints: lite (precached), or full or heavy (fetched from the app's own origin when chosen, then kept). */
	landmarkModel: LandmarkModel;
}

export type LandmarkModel = 'lite' | 'full' | 'heavy';

/**
 * This device's membership of a class: where its server is, who this member is there and the
 * password only this device holds. A teacher's project is the class model: its labels are the class's
 * decisions (or majorities); a student's project keeps the student's own labels.
 */
export interface ClassLink {
	/** The class server's origin: the one origin besides the app's own the app may connect to. */
	server: string;
	db: string;
	classId: string;
	name: string;
	role: 'teacher' | 'student';
	memberId: string;
	password: string;
	displayName: string;
	joinedAt: number;
	/** The teacher's: the code students join with, and until when it works. */
	code?: string;
	codeExpiresAt?: number;
	/** The teacher's: what the class model learns where the teacher has not decided (default: the majority). */
	learnFrom?: 'consensus' | 'majority';
	/** When this device last failed to reach the server; unset while it reaches it. */
	offlineSince?: number;
	/** Set when the member left: the local copy stays, nothing syncs. */
	leftAt?: number;
}

/** Explanation feedback as the human painted it: one byte per cell of the 32x32 input grid, 1 where painted. */
export interface ExplanationMask {
	painted: Uint8Array;
	at: number;
}

/** Feedback on one sample's explanation: what was painted, and whether it should not matter or is what matters. */
export interface SampleAttention extends ExplanationMask {
	mode: 'ignore' | 'focus';
}

/** Where a labelled sample came from in the queue: what the model said then, and whether it was an audit pick. */
export interface QueryOrigin {
	strategy: string;
	audit: boolean;
	/** The model's top class when the human labelled it. */
	suggested: string | null;
	confidence: number;
	/** How many human labels the project had when the human labelled it. */
	labels?: number;
	/** For an audit pick: what random picking's stand-in guessed (core/query/labels-saved.ts). */
	baseline?: BaselineGuess;
}

/** The audit baseline's guess for an audit pick, made before the human answered. */
export interface BaselineGuess {
	/** Its top class; null while it had learned nothing. */
	suggested: string | null;
	/** How many audit picks it had learned from. */
	labels: number;
}

export interface LabelClass {
	id: string;
	projectId: string;
	name: string;
	color: string;
	order: number;
	/** How the human decides this class: shown beside its button and in Review; every edit is logged. */
	guideline?: ClassGuideline;
}

/** A class's rule in the human's words, and samples pinned as typical of it. */
export interface ClassGuideline {
	text: string;
	typical: string[];
}

/** A re-check whose answer differed from the earlier label: nothing changes until the human settles it in Review. */
export interface PendingRecheck {
	earlier: string;
	answer: string;
	at: number;
}

export type SampleSource = 'upload' | 'webcam' | 'drawing' | 'import' | 'demo' | 'edit' | 'form' | 'paste' | 'class' | 'microphone';

/** A small picture's bytes and its type (image/png, text/csv…). */
export interface InlinePicture {
	bytes: Uint8Array;
	type: string;
}

export interface Sample {
	id: string;
	projectId: string;
	/** The human's label; undefined while unlabelled. */
	classId?: string;
	/** The file name, or a name the app gave it ("Drawing 3"). */
	name: string;
	blob: Blob;
	thumbnail?: Blob;
	/**
	 * A small picture's (and thumbnail's) bytes, as kept inside the stored record (storage/stored-images.ts):
	 * the page shows them from these, without asking the browser for a Blob URL each.
	 */
	image?: InlinePicture;
	thumb?: InlinePicture;
	/** The model's 32x32 input (ink intensity 0..255), computed once at import. */
	input?: Uint8Array;
	/** A spreadsheet row's cells, in the project's schema column order (missing: ''). */
	cells?: string[];
	/** A sound's clip length in seconds; its `blob` is then a 16 kHz mono WAV, `input` its spectrogram, `thumb` its waveform. */
	seconds?: number;
	/** A body's keypoints as the landmark model found them; its `features` are them normalised, its `blob` the frame (or a blurred copy). */
	pose?: PoseFrame;
	/** A note's text. */
	text?: string;
	/** A row's or a note's feature vector as the model takes it, computed once at import. */
	features?: Float32Array;
	/** Where the human's current label came from in the queue (an audit pick or not, what the model said). */
	labelledFrom?: QueryOrigin;
	/** Set (to when) while the sample is labelled as a random audit pick: indexed, so the picks are found without reading every sample. */
	auditAt?: number;
	/** The human's feedback on this sample's explanation, if any. */
	attention?: SampleAttention;
	/** The slices it belongs to, by hand, in bulk or from the folder it came from (core/data/tags.ts). */
	tags?: string[];
	/** The label the human kept when Review asked about it: not asked about again while it stands. */
	keptLabel?: string;
	/** In a class project: the SHA-256 of the picture's bytes, its name in the class (core/class/docs.ts). */
	contentHash?: string;
	/** A re-check that disagreed with the label, waiting in Review; `recheckAt` (indexed) says since when. */
	recheck?: PendingRecheck;
	recheckAt?: number;
	source: SampleSource;
	/** The sample this one was made from by an edit (crop, rotate, redraw); the original is kept. */
	editedFrom?: string;
	createdAt: number;
	updatedAt: number;
}

/** How a label came about: the human accepted the suggestion, chose a class, or imported it labelled. */
export type LabelVia = 'accept' | 'correct' | 'import' | 'undo' | 'redo' | 'drag' | 'bulk' | 'review' | 'decide';

/** Why the human overrode a suggestion: a preset, or their own words. */
export interface OverrideReason {
	preset: 'wrong-class' | 'ambiguous' | 'bad-sample' | 'model-overconfident' | 'other';
	text?: string;
}

/** An explicit rating of a suggestion. */
export type Rating = 'up' | 'down' | 'more' | 'less';
/** What the human did without meaning to teach. */
export type ImplicitSignal = 'dwell' | 'accept' | 'skip' | 'ignore' | 'hover';

/** Every human act, appended to the log before anything reacts to it. */
export type FeedbackEvent =
	| { type: 'project.create'; name: string; kind: ProjectKind }
	| { type: 'project.rename'; from: string; to: string }
	| { type: 'project.pose'; change: Partial<Omit<PoseSettings, 'mirror'>>; blurred: number }
	| { type: 'project.delete' }
	| { type: 'project.restore' }
	| { type: 'settings.backend'; from: BackendName | null; to: BackendName | null }
	| { type: 'class.add'; classId: string; name: string }
	| { type: 'class.rename'; classId: string; from: string; to: string }
	| { type: 'class.recolour'; classId: string; from: string; to: string }
	| { type: 'class.delete'; classId: string; name: string; unlabelled: number }
	| { type: 'sample.add'; sampleIds: string[]; source: SampleSource; classId: string | null }
	| { type: 'sample.label'; sampleId: string; classId: string | null; previous: string | null; via: LabelVia; modelVersion: number; query?: QueryOrigin; reason?: OverrideReason }
	| { type: 'sample.rate'; sampleId: string; classId: string; rating: Rating; modelVersion: number }
	| { type: 'sample.signal'; sampleId: string; classId: string | null; signal: ImplicitSignal; ms?: number; modelVersion: number }
	| { type: 'sample.edit'; sampleId: string; from: string; edit: 'crop' | 'rotate' | 'redraw' }
	| { type: 'model.snapshot'; version: number; accuracy?: number; heldOut?: number; trigger: 'auto' | 'manual' }
	| { type: 'model.rollback'; from: number; to: number }
	| { type: 'model.update'; from: number; to: number }
	| { type: 'model.freeze'; frozen: boolean }
	| { type: 'model.handover'; from: string; to: string; labels: number; version: number }
	| { type: 'project.control'; from: ControlSettings; to: ControlSettings }
	| { type: 'project.export'; what: 'project' | 'model' | 'dataset'; bytes: number }
	| { type: 'project.import'; name: string; samples: number; events: number }
	| { type: 'sample.reject'; sampleId: string; classId: string; modelVersion: number }
	| { type: 'sample.explanation'; sampleId: string; mode: SampleAttention['mode']; scope: 'sample' | 'always'; painted: Uint8Array; cells: number; modelVersion: number }
	| { type: 'sample.explanation.clear'; sampleId: string | null; scope: 'sample' | 'always'; modelVersion: number }
	| { type: 'backbone.import'; backboneId: string; name: string; format: BackboneFormat; source: BackboneSource; bytes: number }
	| { type: 'project.model'; from: string | null; to: string | null; measured?: boolean; check?: ModelChoiceCheck }
	| { type: 'project.activeLearning'; from: ActiveLearningSettings; to: ActiveLearningSettings }
	| { type: 'sample.review'; sampleId: string; classId: string; why: 'mislabel' | 'recheck'; modelVersion: number }
	| { type: 'sample.recheck'; sampleId: string; earlier: string; answer: string; agreed: boolean; modelVersion: number }
	| { type: 'class.guideline'; classId: string; from: ClassGuideline | null; to: ClassGuideline | null }
	| { type: 'sample.tag'; sampleIds: string[]; tag: string; add: boolean }
	| { type: 'project.masking'; on: boolean }
	| { type: 'class.join'; server: string; name: string; role: 'teacher' | 'student'; memberId: string }
	| { type: 'class.leave'; name: string }
	| { type: 'class.learnFrom'; to: 'consensus' | 'majority' };

export type StoredEvent = FeedbackEvent & {
	seq?: number;
	projectId: string | null;
	at: number;
	/** Who acted: the profile name set on this device. */
	profile?: string;
	/** The audit chain (storage/audit.ts): the record's place in its project's chain, the hash before it, and its own. */
	n?: number;
	prev?: string;
	hash?: string;
};
