/** "1 file", "3 files", "2 entries": a count with its noun (`many` for irregular plurals). */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
