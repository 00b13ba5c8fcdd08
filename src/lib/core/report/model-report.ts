/**
 * The model report: one self-contained HTML file (no script, nothing fetched; the charts are images
 * inside it) that a teacher or reviewer can read without Attune: what the model is, how it did, how
 * sure it is allowed to be, and what the audit trail holds.
 */
import type { AuditVerdict } from '../audit/chain';
import { describeCalibration, describeEffect, ACT_NAMES } from '../quality/describe-insights';
import type { Insights } from '../quality/insights';
import { DEFAULT_NOVELTY_THRESHOLD, type ActiveLearningSettings, type ControlSettings, type ProjectKind } from '../types';

export interface ReportImages {
	curve?: string;
	reliability?: string;
	effects?: string;
	saved?: string;
}

export interface ReportInput {
	projectName: string;
	kind: ProjectKind;
	version: number;
	backend: string;
	createdAt: Date;
	classes: { id: string; name: string; color: string }[];
	samples: number;
	labels: number;
	insights: Insights;
	/** The charts, as data: URLs of PNG images. */
	images: ReportImages;
	activeLearning: ActiveLearningSettings;
	control: ControlSettings;
	audit: { records: number; byType: Record<string, number>; first?: number; last?: number; verdict: AuditVerdict };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pct = (p: number | null | undefined) => (p === null || p === undefined || Number.isNaN(p) ? '—' : `${Math.round(p * 100)}%`);
const when = (ms: number | undefined) => (ms === undefined ? '—' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');
/** Only an inline PNG is put in the page: nothing in the report can point elsewhere. */
const image = (src: string | undefined, alt: string) => (src?.startsWith('data:image/png;base64,') ? `<img src="${src}" alt="${escape(alt)}">` : `<p class="muted">Not enough labels to draw this chart yet.</p>`);

export function buildModelReport(input: ReportInput): string {
	const { insights, classes } = input;
	const name = (id: string) => classes.find((c) => c.id === id)?.name ?? id;
	const { confusion, reliability } = insights;
	const perClass = confusion.classIds
		.map((id, c) => `<tr><th scope="row">${escape(name(id))}</th><td>${confusion.counts[c]!.reduce((a, b) => a + b, 0)}</td><td>${pct(confusion.precision[c])}</td><td>${pct(confusion.recall[c])}</td></tr>`)
		.join('');
	const matrix = `<tr><th scope="col">labelled ↓ / suggested →</th>${confusion.classIds.map((id) => `<th scope="col">${escape(name(id))}</th>`).join('')}</tr>${confusion.classIds
		.map((id, a) => `<tr><th scope="row">${escape(name(id))}</th>${confusion.counts[a]!.map((n) => `<td>${n}</td>`).join('')}</tr>`)
		.join('')}`;
	const bins = reliability.bins.map((b) => `<tr><td>${pct(b.low)}–${pct(b.high)}</td><td>${b.count}</td><td>${pct(b.confidence)}</td><td>${pct(b.accuracy)}</td></tr>`).join('');
	const effects = insights.effects.map((e) => `<tr><th scope="row">${ACT_NAMES[e.kind]}</th><td>${e.acts}</td><td>${escape(describeEffect(e))}</td></tr>`).join('');
	const audits = Object.entries(input.audit.byType)
		.sort(([, a], [, b]) => b - a)
		.map(([type, n]) => `<tr><td>${escape(type)}</td><td>${n}</td></tr>`)
		.join('');
	const { activeLearning: al, control } = input;
	const last = insights.curve.at(-1);
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(input.projectName)} · model version ${input.version} · Attune report</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.8rem}h2{margin-top:2rem;border-bottom:2px solid #ddd}table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #bbb;padding:.25rem .6rem;text-align:right}th[scope=row],td:first-child{text-align:left}
img{max-width:100%;border:1px solid #ddd}.muted{color:#555}
</style></head><body>
<h1>${escape(input.projectName)}: model report</h1>
<p><strong>Model version ${input.version}</strong> · made ${when(input.createdAt.getTime())} · ${input.kind === 'image' ? 'an image' : `a ${input.kind}`} project · learned on ${escape(input.backend)}
· ${input.labels.toLocaleString('en')} of ${input.samples.toLocaleString('en')} samples labelled · ${insights.judged.toLocaleString('en')} labels judged before they were learned.</p>
<p>${last?.heldOut === null || !last ? 'Not enough labels to tell how often the model is right yet.' : `Lately the model had ${pct(last.heldOut)} of new labels right before learning them (the samples the queue chose to ask, which are harder than most).`}
${last?.audit ? ` On random audit picks it was right ${pct(last.audit.estimate)} of the time (95% between ${pct(last.audit.low)} and ${pct(last.audit.high)}, ${last.audit.n} checks).` : ''}</p>

<h2>Learning curve</h2>
${image(input.images.curve, 'Held-out accuracy and audit accuracy against the number of labels')}

<h2>Per class</h2>
<table><tr><th scope="col">Class</th><th scope="col">Judged</th><th scope="col">Precision</th><th scope="col">Recall</th></tr>${perClass}</table>
<h3>Confusion matrix (the ${confusion.n} newest judged labels)</h3>
<table>${matrix}</table>

<h2>Calibration</h2>
<p>${escape(describeCalibration(insights))}</p>
${image(input.images.reliability, 'Reliability diagram: accuracy against shown confidence')}
<table><tr><th scope="col">Confidence</th><th scope="col">Labels</th><th scope="col">Mean confidence</th><th scope="col">Right</th></tr>${bins}</table>

<h2>What each kind of act did</h2>
${image(input.images.effects, 'Mean change in held-out accuracy after each kind of act')}
<table><tr><th scope="col">Act</th><th scope="col">Count</th><th scope="col">Effect</th></tr>${effects}</table>
${input.images.saved ? `<h2>Labels saved against random picking</h2>${image(input.images.saved, 'Labels saved against random picking')}` : ''}

<h2>Settings</h2>
<table>
<tr><th scope="row">Query strategy</th><td>${escape(al.strategy)}</td></tr>
<tr><th scope="row">Auto-accept threshold</th><td>${pct(al.threshold)}${Object.keys(al.classThresholds ?? {}).length ? ` (per class: ${Object.entries(al.classThresholds!).map(([id, t]) => `${escape(name(id))} ${pct(t)}`).join(', ')})` : ''}</td></tr>
<tr><th scope="row">Novelty threshold</th><td>${(al.noveltyThreshold ?? DEFAULT_NOVELTY_THRESHOLD).toFixed(1)}×</td></tr>
<tr><th scope="row">Random audit share</th><td>${pct(al.auditShare)}</td></tr>
<tr><th scope="row">Learning rate, steps per act, replay</th><td>${control.learningRate}, ${control.stepsPerUpdate}, ${control.replaySize}${control.frozen ? ' (frozen)' : ''}</td></tr>
<tr><th scope="row">Classes</th><td>${classes.map((c) => escape(c.name)).join(', ')}</td></tr>
</table>

<h2>Audit trail</h2>
<p>${input.audit.records.toLocaleString('en')} records from ${when(input.audit.first)} to ${when(input.audit.last)}.
${input.audit.verdict.ok ? 'The hash chain is whole: no record was changed, removed or inserted.' : `The hash chain is broken: ${escape(input.audit.verdict.message)}`}</p>
<table><tr><th scope="col">Record</th><th scope="col">Count</th></tr>${audits}</table>
<p class="muted">Made by Attune. Everything in this report was computed on the device that made it.</p>
</body></html>
`;
}
