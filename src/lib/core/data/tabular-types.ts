import type { ColumnType } from './column-profile';

export interface TabularChoice {
	label: string | null;
	features: { name: string; type: ColumnType }[];
}

export type DatePartName = 'year' | 'month' | 'day' | 'weekday' | 'hour';

interface Missing {
	/** Cells missing (or not readable as the column's type) when the schema was fitted. */
	missing: number;
	/** Whether the column has an extra 0/1 "is missing" input, so the model can tell a filled-in mean from a real one. */
	flagged: boolean;
}

export type SchemaColumn =
	| ({ name: string; type: 'number'; mean: number; std: number; min: number; max: number; decimals: number } & Missing)
	| ({ name: string; type: 'category'; values: string[] } & Missing)
	| ({ name: string; type: 'date'; parts: { name: DatePartName; mean: number; std: number }[]; min: string; max: string } & Missing);

/** How a spreadsheet's rows become model inputs: fitted on the first import and stored with the project. */
export interface TabularSchema {
	/** The label column's name in the source file (the export's header for it); null: none. */
	label: string | null;
	/** The features, in choice order. */
	columns: SchemaColumn[];
	/** The length of an encoded row. */
	width: number;
	/** One per encoded position: its column's index in `columns` and a readable name. */
	features: { column: number; name: string }[];
}
