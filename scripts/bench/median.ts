/**
 * The median the benches report (of an odd count: the middle value; of an even one, the upper
 * middle), so that the admin, search-index and site benches take it the same way.
 */
export const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
