// Writes a CSV with a slice column for `npm run bench -- slices`: each row of the given CSV (digits by
// default) gets a `site` (north, south, east or west, at random), and the rows of `west` are made
// harder: a digit's pixels get noise of up to ±8 (of 16) and a quarter of them are blanked; a table's
// numbers get Gaussian noise of one column standard deviation. The label stays the last column.
// Seeded, so the same file every time:
//   node bench/make-sliced.mjs [FILE.csv] > /tmp/digits-sliced.csv
import { readFileSync } from 'node:fs';

const SITES = ['north', 'south', 'east', 'west'];
export const HARD_SITE = 'west';
let state = 20261202;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

const path = process.argv[2] ?? new URL('../../shared/data/digits.csv', import.meta.url).pathname;
const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
const header = head.split(',');
const rows = lines.map((line) => line.split(','));
const features = header.length - 1;
const image = header.slice(0, -1).every((name, i) => name.trim() === `p${i}`);
const numeric = header.slice(0, -1).map((_, c) => rows.every((r) => r[c] === '' || Number.isFinite(Number(r[c]))));
const stds = numeric.map((isNumber, c) => {
	if (!isNumber) return 0;
	const values = rows.map((r) => Number(r[c])).filter(Number.isFinite);
	const mean = values.reduce((a, b) => a + b, 0) / values.length;
	return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
});

const out = [[...header.slice(0, -1), 'site', header.at(-1)].join(',')];
for (const row of rows) {
	const site = SITES[Math.floor(random() * SITES.length)];
	const cells = row.slice(0, features).map((cell, c) => {
		if (site !== HARD_SITE || !numeric[c] || cell === '') return cell;
		if (image) return random() < 0.25 ? '0' : String(Math.min(16, Math.max(0, Math.round(Number(cell) + (random() * 2 - 1) * 8))));
		return (Number(cell) + gaussian() * stds[c]).toFixed(3);
	});
	out.push([...cells, site, row[features]].join(','));
}
process.stdout.write(out.join('\n') + '\n');
