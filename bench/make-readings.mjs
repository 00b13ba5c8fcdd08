// Writes a made-up field-readings CSV to stdout, for `al --data` on a spreadsheet with every column
// kind: numbers (some missing), a category and a date, and a class that depends on three of them with
// noise. Seeded, so the same file every time: node bench/make-readings.mjs > /tmp/readings.csv
let state = 12345;
const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const SOILS = ['clay', 'loam', 'sand', 'peat'];
const rows = ['humidity,temperature,soil,sampled,depth_cm,condition'];
for (let i = 0; i < 600; i++) {
	const humidity = 20 + random() * 75;
	const temperature = -2 + random() * 30;
	const soil = SOILS[Math.floor(random() * SOILS.length)];
	const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 365) * 864e5).toISOString().slice(0, 10);
	const depth = Math.round(5 + random() * 60);
	const wetness = humidity / 95 + (soil === 'clay' || soil === 'peat' ? 0.3 : 0) - temperature / 60 + (random() - 0.5) * 0.25;
	const condition = wetness > 0.85 ? 'waterlogged' : wetness > 0.45 ? 'moist' : 'dry';
	const shownHumidity = random() < 0.05 ? '' : humidity.toFixed(1);
	rows.push([shownHumidity, temperature.toFixed(1), soil, day, depth, condition].join(','));
}
process.stdout.write(rows.join('\n') + '\n');
