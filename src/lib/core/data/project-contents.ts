import type { LabelClass, ModelArtifactsData, ModelVersion, Project, Sample, StoredEvent } from '../types';

/** A stored file as plain bytes and its MIME type (Blobs stay in the storage layer). */
export interface FileBytes {
	bytes: Uint8Array;
	type: string;
}

export type PortableSample = Omit<Sample, 'blob' | 'thumbnail'> & { blob: FileBytes; thumbnail?: FileBytes };

/** A saved model version and its weights; a version whose weights are gone has none. */
export interface PortableModel {
	meta: ModelVersion;
	artifacts?: ModelArtifactsData;
}

/** The newest record of a project's audit chain (the auditHeads row). */
export interface AuditHead {
	projectId: string;
	n: number;
	hash: string;
}

/** Everything one project holds on the device, row for row: what a project file carries. */
export interface ProjectContents {
	project: Project;
	classes: LabelClass[];
	samples: PortableSample[];
	/** In the order they were logged (by seq), every field as stored. */
	events: StoredEvent[];
	auditHead?: AuditHead;
	models: PortableModel[];
}

export const PROJECT_FORMAT = 'attune-project';
/** Project files began with schema 4; no app ever wrote an older one. */
export const FIRST_FILE_SCHEMA = 4;

export interface ProjectManifest {
	format: typeof PROJECT_FORMAT;
	schemaVersion: number;
	/** ISO 8601. */
	exportedAt: string;
	appVersion: string;
}

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'image/bmp': 'bmp',
	'text/csv': 'csv',
	'text/plain': 'txt',
	'audio/wav': 'wav'
};

/** A file extension for a MIME type; the type itself travels in the JSON, so this is for people only. */
export function extensionFor(type: string): string {
	return EXTENSIONS[type.toLowerCase()] ?? 'bin';
}
