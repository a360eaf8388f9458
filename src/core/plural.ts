/** "1 file", "3 files", "2 entries", "1,204 requests": a count with its noun (`many` for irregular plurals). */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
