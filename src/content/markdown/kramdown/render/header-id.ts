// Header ids: GFM's (kramdown-parser-gfm: lower-cased, anything but Unicode word characters, hyphens, spaces
// and tabs removed, spaces to hyphens, so 你好，世界 → 你好世界; repeats numbered -1, -2) and kramdown's own
// (ASCII letters, digits, spaces and hyphens only, leading non-letters dropped: a CJK header is "section").

// \p{Join_Control} is U+200C and U+200D (ZWNJ, ZWJ), which GFM keeps.
const NON_WORD = /[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}\- \t]/gu;

/** GFM's id text, before numbering. */
export function gfmIdBase(text: string): string {
  return text.toLowerCase().replace(NON_WORD, '').replace(/[ \t]/g, '-');
}

/** kramdown's basic_generate_id. */
export function kramdownId(text: string): string {
  return text
    .replace(/^[^a-zA-Z]+/gm, '')
    .replace(/[^a-zA-Z0-9 -]/g, '')
    .replace(/ /g, '-')
    .toLowerCase();
}
