/** The same value with one thing changed, however deep (for tampering with audit records in tests). */
export function altered(value: unknown): unknown {
	if (typeof value === 'number') return value + 1;
	if (typeof value === 'string') return `${value}!`;
	if (typeof value === 'boolean') return !value;
	if (value === null || value === undefined) return 'x';
	if (value instanceof Uint8Array) return value.map((b, i) => (i === 0 ? b ^ 1 : b));
	if (Array.isArray(value)) return [altered(value[0]), ...value.slice(1)];
	const [key] = Object.keys(value);
	return key ? { ...value, [key]: altered((value as Record<string, unknown>)[key]) } : { x: 1 };
}
