import { isMissing, parseDate, parseNumber } from './cell-values';
import type { ColumnProfile, ColumnType } from './column-profile';
import type { CsvTable } from './csv-table';
import { InputError } from './input-error';
import type { TabularChoice } from './tabular-types';

/** A text column with more distinct values than this is refused as a category: likely ids or free text. */
export const MAX_CATEGORIES = 50;

/** Every usable column but the label, as the type its cells suggest: the import form's starting point. */
export function suggestChoice(profiles: readonly ColumnProfile[], label: string | null): TabularChoice {
	const usable = profiles.filter((p) => p.name !== label && p.suggested !== 'empty' && !(p.suggested === 'category' && p.distinct > MAX_CATEGORIES));
	return { label, features: usable.map((p) => ({ name: p.name, type: p.suggested as ColumnType })) };
}

/** Refuses a choice that cannot make a model, with a message that names the column and says what to do instead. */
export function validateChoice(table: CsvTable, profiles: readonly ColumnProfile[], choice: TabularChoice): void {
	const byName = new Map(profiles.map((p) => [p.name, p]));
	const profileOf = (name: string) => {
		const profile = byName.get(name);
		if (!profile) throw new InputError(`There is no column named "${name}".`);
		return profile;
	};
	if (choice.label !== null) checkLabel(profileOf(choice.label));
	if (choice.features.length === 0) throw new InputError('Choose at least one feature column for the model to learn from.');
	const chosen = new Set<string>();
	for (const { name, type } of choice.features) {
		if (name === choice.label) throw new InputError(`"${name}" is the label column; it cannot also be a feature.`);
		if (chosen.has(name)) throw new InputError(`"${name}" is chosen twice as a feature.`);
		chosen.add(name);
		checkFeature(profileOf(name), type, table);
	}
}

function checkLabel(label: ColumnProfile): void {
	if (label.distinct === 0) {
		throw new InputError(`The label column "${label.name}" is empty. Choose another label column, or none if the rows are not labelled yet.`);
	}
	if (label.distinct === 1) {
		throw new InputError(
			`The label column "${label.name}" has only one value ("${label.top[0]!.value}"); a model needs at least two classes. Choose another label column, or none.`
		);
	}
}

function checkFeature(profile: ColumnProfile, type: ColumnType, table: CsvTable): void {
	const { name } = profile;
	if (profile.suggested === 'empty') throw new InputError(`The column "${name}" has no values (every cell is missing); leave it out of the features.`);
	if (type === 'category' && profile.distinct > MAX_CATEGORIES) {
		const instead = profile.suggested === 'number' ? ', or use it as a number' : profile.suggested === 'date' ? ', or use it as a date' : '';
		throw new InputError(
			`The column "${name}" has ${profile.distinct.toLocaleString('en')} different values, too many for a category (at most ${MAX_CATEGORIES}): is it an id or free text? Leave it out${instead}.`
		);
	}
	if (type === 'number' && profile.suggested !== 'number') {
		const example = firstCell(table, profile.index, (cell) => parseNumber(cell) === undefined);
		throw new InputError(`The column "${name}" cannot be a number: "${example}" is not a number. Use it as a category, or leave it out.`);
	}
	if (type === 'date' && profile.suggested !== 'date') {
		const example = firstCell(table, profile.index, (cell) => parseDate(cell) === undefined);
		throw new InputError(
			`The column "${name}" cannot be a date: "${example}" is not a date written as YYYY-MM-DD (optionally with a time, HH:MM) or YYYY/MM/DD. Use it as a category, or leave it out.`
		);
	}
}

function firstCell(table: CsvTable, index: number, wrong: (cell: string) => boolean): string {
	for (const row of table.rows) if (!isMissing(row[index]) && wrong(row[index]!)) return row[index]!;
	return '';
}
