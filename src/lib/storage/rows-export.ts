import { InputError } from '$lib/core/data/input-error';
import { toLabelledCsv } from '$lib/core/data/tabular-export';
import { keypointCsv } from '$lib/core/pose/keypoint-csv';
import { appendEvent } from './events';
import { db } from './db';
import { exportedNote } from './masking';

/**
 * A spreadsheet project's rows as a CSV with a label column, or a notes project's notes as JSON Lines
 * ({"text", "label"}), a pose project's bodies as a keypoint CSV (core/pose/keypoint-csv.ts), all in
 * the order they were added; unlabelled ones carry an empty label. The file reads back in as the same
 * rows and labels.
 */
export async function exportLabelledRows(projectId: string): Promise<{ file: Blob; extension: 'csv' | 'jsonl' }> {
	const database = db();
	const { project, classes, samples } = await database.transaction('r', [database.projects, database.classes, database.samples], async () => ({
		project: await database.projects.get(projectId),
		classes: await database.classes.where('projectId').equals(projectId).toArray(),
		samples: await database.samples.where('projectId').equals(projectId).sortBy('createdAt')
	}));
	if (!project || project.deletedAt) throw new Error('That project no longer exists.');
	const labelOf = (classId: string | undefined) => classes.find((c) => c.id === classId)?.name ?? null;
	let file: Blob;
	let extension: 'csv' | 'jsonl';
	if (project.kind === 'tabular' && project.tabular) {
		const rows = samples.filter((s) => s.cells).map((s) => ({ cells: s.cells!, label: labelOf(s.classId) }));
		if (!rows.length) throw new InputError('This project has no rows to export yet.');
		[file, extension] = [new Blob([toLabelledCsv(project.tabular, rows)], { type: 'text/csv' }), 'csv'];
	} else if (project.kind === 'text') {
		const lines = samples.filter((s) => s.text !== undefined).map((s) => JSON.stringify({ text: exportedNote(s, project.maskPersonal).text, label: labelOf(s.classId) }));
		if (!lines.length) throw new InputError('This project has no notes to export yet.');
		[file, extension] = [new Blob([lines.join('\n') + '\n'], { type: 'application/x-ndjson' }), 'jsonl'];
	} else if (project.kind === 'pose') {
		const rows = samples.filter((s) => s.pose).map((s) => ({ frame: s.pose!, label: labelOf(s.classId) }));
		if (!rows.length) throw new InputError('This project has no poses to export yet.');
		[file, extension] = [new Blob([keypointCsv(rows)], { type: 'text/csv' }), 'csv'];
	} else {
		throw new InputError('Only spreadsheet and notes projects export as CSV or JSON Lines; export the dataset instead.');
	}
	await appendEvent(projectId, { type: 'project.export', what: 'dataset', bytes: file.size });
	return { file, extension };
}
