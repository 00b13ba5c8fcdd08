import { INPUT_SIDE } from '$lib/core/model/input-size';
import { addClass } from '$lib/storage/classes';
import { paintExplanation } from '$lib/storage/explanations';
import { createProject, renameProject } from '$lib/storage/projects';
import { addSamples, labelSample, rejectSuggestion, type NewSample } from '$lib/storage/samples';

export const CELLS = INPUT_SIDE * INPUT_SIDE;

export const newSample = (name = 'a.png'): NewSample => ({ name, blob: new Blob(['x']), thumbnail: new Blob(['x']), input: new Uint8Array(CELLS) });

/** A painting with every seventh cell painted. */
export const painting = () => Uint8Array.from({ length: CELLS }, (_, i) => (i % 7 === 0 ? 1 : 0));

/**
 * A project taught through the real storage functions: 9 records, one of them (the rejection) logged
 * in a transaction of its own, one (the painting) carrying bytes, one (the first label) a nested query.
 */
export async function taughtProject() {
	const project = await createProject('Birds', 'image');
	const robin = await addClass(project.id, 'Robin');
	const wren = await addClass(project.id, 'Wren');
	const [a, b] = await addSamples(project.id, [newSample('a.png'), newSample('b.png')], 'upload');
	await labelSample(a!.id, robin.id, 'accept', 1, { strategy: 'margin', audit: false, suggested: robin.id, confidence: 0.8 });
	await labelSample(b!.id, wren.id, 'correct', 1);
	await paintExplanation(a!.id, painting(), 'ignore', 'sample', 2);
	await rejectSuggestion(b!.id, robin.id, 2);
	await renameProject(project.id, 'Garden birds');
	return { project, robin, wren, samples: [a!, b!] };
}
