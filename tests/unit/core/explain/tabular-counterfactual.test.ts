import { describe, expect, it, vi } from 'vitest';
import { readCsvText } from '$lib/core/data/csv-table';
import { fitSchema, type SchemaColumn } from '$lib/core/data/tabular-schema';
import { tabularCounterfactual } from '$lib/core/explain/tabular-counterfactual';

/** humidity over 30..90 (whole numbers), colour red/green/blue, a date the search leaves alone. */
function weatherSchema() {
	const table = readCsvText(['humidity,colour,sampled,kind', '30,red,2024-01-01,A', '90,green,2024-06-01,B', '60,blue,2024-03-01,A', 'NA,red,2024-02-01,B'].join('\n'));
	return fitSchema(table, {
		label: 'kind',
		features: [
			{ name: 'humidity', type: 'number' },
			{ name: 'colour', type: 'category' },
			{ name: 'sampled', type: 'date' }
		]
	});
}

const schema = weatherSchema();
const humidityColumn = schema.columns[0] as Extract<SchemaColumn, { type: 'number' }>;

/** A hand-written model over the encoded row: class 1 when `rule(humidity, colour)` holds. */
function model(rule: (humidity: number, colour: string | undefined) => boolean) {
	return vi.fn(async (inputs: Float32Array[]) =>
		inputs.map((x) => {
			const humidity = x[1] === 1 ? humidityColumn.mean : x[0]! * humidityColumn.std + humidityColumn.mean;
			const colour = ['blue', 'green', 'red'][[x[2], x[3], x[4]].indexOf(1)];
			return rule(Math.round(humidity * 1000) / 1000, colour) ? new Float32Array([0.2, 0.8]) : new Float32Array([0.9, 0.1]);
		})
	);
}

describe('tabularCounterfactual', () => {
	it('finds the nearest humidity within the column’s range that flips the class, in one predict call', async () => {
		const predict = model((humidity) => humidity < 50);

		const sut = await tabularCounterfactual(schema, ['78', 'red', '2024-05-01'], 1, predict);

		// The grid over 30..90 runs 30, 34, .. 46, 50: 46 is the nearest value below 50.
		expect(sut).toEqual({ changes: [{ column: 'humidity', from: '78', to: '46' }], probability: expect.closeTo(0.8, 5) });
		expect(predict).toHaveBeenCalledTimes(1);
	});

	it('prefers a category change when that is the smaller change', async () => {
		const sut = await tabularCounterfactual(schema, ['78', 'red', ''], 1, model((humidity, colour) => colour === 'green' || humidity < 35));

		expect(sut?.changes).toEqual([{ column: 'colour', from: 'red', to: 'green' }]);
	});

	it('starts a missing cell from the mean it is encoded as, and says "missing"', async () => {
		const sut = await tabularCounterfactual(schema, ['', 'red', ''], 1, model((humidity) => humidity > 70));

		expect(sut?.changes).toEqual([{ column: 'humidity', from: 'missing', to: '74' }]);
	});

	it('changes two values when no single one is enough, with a second predict call', async () => {
		const predict = model((humidity, colour) => humidity < 50 && colour === 'blue');

		const sut = await tabularCounterfactual(schema, ['78', 'red', ''], 1, predict);

		expect(sut?.changes).toEqual([
			{ column: 'humidity', from: '78', to: '46' },
			{ column: 'colour', from: 'red', to: 'blue' }
		]);
		expect(predict).toHaveBeenCalledTimes(2);
	});

	it('returns null when nothing within the observed ranges flips the class', async () => {
		expect(await tabularCounterfactual(schema, ['78', 'red', ''], 1, model((humidity) => humidity < 10))).toBeNull();
	});

	it('changes nothing when the target is already the top class', async () => {
		expect(await tabularCounterfactual(schema, ['40', 'red', ''], 1, model((humidity) => humidity < 50))).toEqual({ changes: [], probability: expect.closeTo(0.8, 5) });
	});
});
