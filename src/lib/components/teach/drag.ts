/** The drag data type of sample cards: a comma-separated list of sample ids. */
export const SAMPLE_DRAG_TYPE = 'application/x-attune-samples';
