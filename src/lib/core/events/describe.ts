import { lowerFirst } from '../format';
import { DEFAULT_RECHECK_SHARE } from '../quality/rechecks';
import { DEFAULT_NOVELTY_THRESHOLD, type ActiveLearningSettings, type ControlSettings, type FeedbackEvent, type StoredEvent } from '../types';
import { isBuiltinBackbone } from '../model/builtin-backbone';

type ClassName = (id: string | null) => string;

const pct = (v: number) => `${Math.round(v * 100)}%`;

function asking(s: ActiveLearningSettings, className: ClassName): string {
	const own = Object.entries(s.classThresholds ?? {}).map(([id, t]) => `${className(id)} ≥ ${pct(t)}`);
	const novelty = (s.noveltyThreshold ?? DEFAULT_NOVELTY_THRESHOLD).toFixed(1);
	const rechecks = pct(s.recheckShare ?? DEFAULT_RECHECK_SHARE);
	return `${s.strategy}, auto-accept ≥ ${pct(s.threshold)}${own.length ? ` (${own.join(', ')})` : ''}, ${pct(s.auditShare)} audits, ${rechecks} re-checks, novel beyond ${novelty}×${s.slice ? `, only in “${s.slice}”` : ''}`;
}

function control(s: ControlSettings): string {
	const pool = s.poolLearning === undefined ? '' : `, learning from unlabelled samples: ${s.poolLearning === 'off' ? 'off' : s.poolLearning}`;
	return `learning rate ${s.learningRate}, ${s.stepsPerUpdate} steps, replay ${s.replaySize}, a version every ${s.snapshotEvery || '—'} updates${pool}${s.frozen ? ', frozen' : ''}`;
}

/** One event in words, for the activity list and the audit trail. Plain text: the UI renders it as text. */
export function describeEvent(event: StoredEvent, className: ClassName): string {
	switch (event.type) {
		case 'project.create': return `Created “${event.name}”`;
		case 'project.rename': return `Renamed “${event.from}” to “${event.to}”`;
		case 'project.pose': return describePoseChange(event.change, event.blurred);
		case 'project.delete': return 'Deleted the project';
		case 'project.restore': return 'Undid the deletion';
		case 'settings.backend': return `Backend set to ${event.to ?? 'automatic'}`;
		case 'class.add': return `Added class “${event.name}”`;
		case 'class.rename': return `Renamed class “${event.from}” to “${event.to}”`;
		case 'class.recolour': return `Recoloured class ${className(event.classId)}`;
		case 'class.delete': return `Deleted class “${event.name}” (${event.unlabelled} samples unlabelled)`;
		case 'sample.add': return `Added ${event.sampleIds.length} sample${event.sampleIds.length === 1 ? '' : 's'} (${event.source})`;
		case 'sample.label': {
			const why = event.reason ? `; reason: ${event.reason.preset}${event.reason.text ? ` — ${event.reason.text}` : ''}` : '';
			return event.classId ? `Labelled a sample ${className(event.classId)} (${event.via}${why})` : `Removed a label (${event.via})`;
		}
		case 'sample.reject': return `Rejected the suggestion ${className(event.classId)}`;
		case 'sample.rate': {
			const words = { up: 'Thumbs up for', down: 'Thumbs down for', more: 'More like this:', less: 'Less like this:' }[event.rating];
			return `${words} ${className(event.classId)}`;
		}
		case 'sample.signal': return `Implicit: ${event.signal}${event.classId ? ` (${className(event.classId)})` : ''}${event.ms ? ` after ${(event.ms / 1000).toFixed(1)} s` : ''}`;
		case 'sample.edit': return `Edited a sample (${event.edit}); the original is kept`;
		case 'sample.explanation':
			return event.scope === 'always'
				? `Painted a region no sample should use (${event.cells} cells)`
				: `Painted on an explanation: ${event.mode === 'ignore' ? 'should not matter' : 'what matters'} (${event.cells} cells)`;
		case 'sample.explanation.clear': return event.sampleId ? 'Took back the feedback on an explanation' : 'Took back the region no sample should use';
		case 'backbone.import': return `Imported the ${event.format} model “${event.name}” from ${event.source === 'url' ? 'a URL' : 'files'}`;
		case 'project.activeLearning': return `Asking changed: ${asking(event.to, className)} (was ${asking(event.from, className)})`;
		case 'project.model': return modelSwitch(event);
		case 'project.control': return `Learning settings: ${control(event.to)} (was ${control(event.from)})`;
		case 'project.export': return `Exported the ${event.what} (${Math.round(event.bytes / 1024)} KB)`;
		case 'project.import': return `Imported “${event.name}”: ${event.samples} samples, ${event.events} records`;
		case 'model.snapshot': return `Kept model version ${event.version} (${event.trigger})${event.accuracy !== undefined ? `: ${pct(event.accuracy)} on ${event.heldOut} held-out labels` : ''}`;
		case 'model.rollback': return `Rolled the model back from version ${event.from} to ${event.to}`;
		case 'model.update': return `The model learned: version ${event.from} → ${event.to}`;
		case 'model.freeze': return event.frozen ? 'Froze the model: acts are kept, not learned' : 'Unfroze the model';
		case 'model.handover': return `With ${event.labels} labels, the ${lowerFirst(event.to)} took over from the ${lowerFirst(event.from)} (version ${event.version})`;
		case 'sample.review': return `Review: kept the label ${className(event.classId)} (${event.why === 'recheck' ? 'after a re-check that differed' : 'a likely mislabel'})`;
		case 'sample.recheck': return event.agreed ? `Re-check: answered ${className(event.answer)} again` : `Re-check: answered ${className(event.answer)}, earlier ${className(event.earlier)}; sent to Review`;
		case 'class.guideline': return `Guideline of ${className(event.classId)}: ${event.to ? `“${event.to.text}”${event.to.typical.length ? `, ${event.to.typical.length} typical` : ''}` : 'removed'}${event.from ? ` (was “${event.from.text}”${event.from.typical.length ? `, ${event.from.typical.length} typical` : ''})` : ''}`;
		case 'sample.tag': return `${event.add ? 'Tagged' : 'Untagged'} ${event.sampleIds.length} sample${event.sampleIds.length === 1 ? '' : 's'} “${event.tag}”`;
		case 'project.masking': return event.on ? 'Masked likely personal data in notes' : 'Stopped masking personal data in notes';
		case 'class.join': return event.role === 'teacher' ? `Started the class “${event.name}” on ${event.server}` : `Joined the class “${event.name}” on ${event.server}`;
		case 'class.leave': return `Left the class “${event.name}”; the local copy is kept`;
		case 'class.learnFrom': return event.to === 'consensus' ? 'The class model learns only from decided labels' : 'The class model learns from decided labels, else the majority';
	}
}

function describePoseChange(change: { keepPhotos?: boolean; landmarkModel?: string }, blurred: number): string {
	const parts: string[] = [];
	if (change.keepPhotos === true) parts.push('Photos of new poses are kept');
	if (change.keepPhotos === false) parts.push(`Only keypoints and blurred pictures are kept${blurred ? ` (${blurred} photo${blurred === 1 ? '' : 's'} blurred)` : ''}`);
	if (change.landmarkModel) parts.push(`The ${change.landmarkModel} landmark model reads bodies`);
	return parts.join('; ') || 'Pose settings changed';
}

/** A project's model switch, in words: by the human, or by measurement with its figures (core/session/model-choice.ts). */
function modelSwitch(event: Extract<FeedbackEvent, { type: 'project.model' }>): string {
	const { check } = event;
	if (check) return `With ${check.labels} labels, the small CNN on the pictures' pixels took over from the backbone's head: ${check.pixels.right} against ${check.backbone.right} held-out labels right`;
	if (event.measured) return 'The model is chosen by measurement, starting on the built-in pretrained backbone';
	if (!event.to) return 'Switched to the built-in CNN, trained from scratch';
	return isBuiltinBackbone(event.to) ? 'Switched to the built-in pretrained backbone with a trainable head' : 'Switched to an imported model with a trainable head';
}
