// Facts about one source string computed once, so that a construct that never closes (an unclosed fence, comment,
// code span or strikethrough, repeated a thousand times) costs one look ahead, not one scan to the end each time:
// kramdown itself is quadratic there.
export class SourceMemo {
  private readonly lastMatches = new Map<string, number>();
  private readonly missing = new Map<string, number>();
  private readonly found = new Map<string, { from: number; at: number }>();

  constructor(readonly src: string) {}

  /** Start of the last match of `re` (a global regex) in the source, or -1. */
  lastMatch(key: string, re: RegExp): number {
    let last = this.lastMatches.get(key);
    if (last === undefined) {
      last = -1;
      re.lastIndex = 0;
      for (let m = re.exec(this.src); m; m = re.exec(this.src)) {
        last = m.index;
        if (m[0] === '') re.lastIndex++;
      }
      this.lastMatches.set(key, last);
    }
    return last;
  }

  /** `src.indexOf(needle, from)`, remembering the last answer (valid for every `from` up to it). */
  indexOf(needle: string, from: number): number {
    const absentFrom = this.missing.get(needle);
    if (absentFrom !== undefined && from >= absentFrom) return -1;
    const known = this.found.get(needle);
    if (known && from >= known.from && from <= known.at) return known.at;
    const i = this.src.indexOf(needle, from);
    if (i < 0) this.missing.set(needle, Math.min(from, absentFrom ?? from));
    else this.found.set(needle, { from, at: i });
    return i;
  }
}

/** The memo for the source a scanner state is reading now (kept on the state; a new source gets a new one). */
export function memoOf(owner: { readonly src: string; memo?: SourceMemo | undefined }): SourceMemo {
  let m = owner.memo;
  if (!m || m.src !== owner.src) {
    m = new SourceMemo(owner.src);
    owner.memo = m;
  }
  return m;
}
