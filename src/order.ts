// The one text order feedwright sorts by: UTF-16 code units, as `<` compares strings. Not localeCompare,
// whose order depends on the machine's ICU data and locale: output must be the same on every replica.
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts strings in place in compareText's order; without a comparator, so no JavaScript call per pair. */
export function sortTexts(texts: string[]): string[] {
  // The default sort compares strings by UTF-16 code units, exactly as compareText does.
  return texts.sort();
}
