// Writes a keypoint CSV of synthetic bodies in six postures (hands up, arms out, hands down, left hand
// up, hands on hips, squat; with noise, turned bodies and badly seen joints: bench/poses.ts), the
// format a pose project exports and `al --data FILE.csv` reads as poses. Seeded:
//   node bench/make-poses.mjs /tmp/poses.csv [--per 60] [--seed 1]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importTs } from './ts-runner.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { per: { type: 'string', default: '60' }, seed: { type: 'string', default: '1' } } });
const file = positionals[0];
if (!file) throw new Error('usage: node bench/make-poses.mjs FILE.csv [--per 60] [--seed 1]');
const { module, close } = await importTs('/bench/poses.ts');
try {
	const csv = module.poseCsv(Number(values.per), Number(values.seed));
	writeFileSync(file, csv);
	console.error(`make-poses: ${csv.trim().split('\n').length - 1} bodies in 6 postures in ${file}`);
} finally {
	await close();
}
