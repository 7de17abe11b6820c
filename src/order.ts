// The one text order feedwright sorts by: UTF-16 code units, as `<` compares strings. Not localeCompare,
// whose order depends on the machine's ICU data and locale: output must be the same on every replica.
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
