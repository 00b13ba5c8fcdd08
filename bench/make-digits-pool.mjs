// Writes a CSV of N hand-written digits to stdout, for `al --data` on a pool bigger than the UCI set's
// 1,797: the UCI digits (8x8, values 0..16, from ../shared/data/digits.csv or tests/fixtures) again and
// again, each copy shifted by up to a pixel each way and with a little noise, as a field worker's many
// near-alike photos are. Seeded: node bench/make-digits-pool.mjs 7200 > /tmp/digits-7200.csv
import { readFileSync } from 'node:fs';

const n = Number(process.argv[2] ?? 7200);
const source = readFileSync(new URL('../tests/fixtures/digits.csv', import.meta.url), 'utf8').trim().split('\n');
const [header, ...rows] = source;
let state = 2024;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const out = [header];
for (let i = 0; i < n; i++) {
	const cells = rows[i % rows.length].split(',').map(Number);
	const label = cells.pop();
	const [dx, dy] = i < rows.length ? [0, 0] : [Math.floor(random() * 3) - 1, Math.floor(random() * 3) - 1];
	const moved = [];
	for (let y = 0; y < 8; y++)
		for (let x = 0; x < 8; x++) {
			const [sx, sy] = [x - dx, y - dy];
			const v = sx >= 0 && sx < 8 && sy >= 0 && sy < 8 ? cells[sy * 8 + sx] : 0;
			moved.push(Math.max(0, Math.min(16, Math.round(v + (i < rows.length ? 0 : (random() - 0.5) * 3)))));
		}
	out.push([...moved, label].join(','));
}
process.stdout.write(out.join('\n') + '\n');
