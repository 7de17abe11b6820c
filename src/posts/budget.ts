// What one post's front matter may cost to read. YAML aliases let a few hundred bytes stand for a value of
// billions of nodes ("billion laughs"), and js-yaml, like gray-matter, has no limit of its own: it shares
// an anchored value by reference, so parsing is cheap, and the cost comes later, in whatever walks the
// value. So the value is measured once, right after parsing, by a walk that counts aliases as expanded
// and stops at the first limit it passes: no later code ever meets a value bigger than this.

export interface FrontMatterBudget {
  /** Characters of front matter text, before it is parsed: js-yaml takes ~2 ms per 50 KiB. */
  readonly chars: number;
  /** Values (maps, lists, scalars) in the parsed front matter, every alias expanded. */
  readonly nodes: number;
  /** Uses of an anchored map or list beyond its first. */
  readonly aliases: number;
  /** Nesting of maps and lists, aliases expanded (a chain of aliases nests as deep as it is long). */
  readonly depth: number;
  /** Keys of every map together. */
  readonly keys: number;
  /** Characters of every string (keys included), aliases expanded: what a reader may copy or join. */
  readonly decodedChars: number;
}

/**
 * The default budget. A real post's front matter is a few hundred bytes; the largest seen in the wild
 * (galleries, long lists of redirects) stay far below these, and each limit caps the walk at a few ms.
 */
export const FRONT_MATTER_BUDGET: FrontMatterBudget = {
  chars: 128 * 1024,
  nodes: 50_000,
  aliases: 1_000,
  depth: 64,
  keys: 10_000,
  decodedChars: 1024 * 1024,
};

/** Where the walk stopped: the limit passed, and the top-level key whose value passed it. */
export interface OverBudget {
  readonly reason: string;
  readonly key: string | undefined;
}

/**
 * Walks `data` with an explicit stack (no recursion, so no depth can overflow it) and stops at the first
 * limit passed. The work is bounded by the budget, whatever the value's expanded size.
 */
export function measureFrontMatter(data: Readonly<Record<string, unknown>>, budget: FrontMatterBudget = FRONT_MATTER_BUDGET): OverBudget | undefined {
  let nodes = 0;
  let aliases = 0;
  let keys = 0;
  let chars = 0;
  const seen = new Set<object>();
  for (const [key, value] of Object.entries(data)) {
    keys++;
    chars += key.length;
    const stack: [unknown, number][] = [[value, 1]];
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      const [v, depth] = item;
      const over = (reason: string): OverBudget => ({ reason, key });
      if (++nodes > budget.nodes) return over(`more than ${budget.nodes} values (aliases expanded)`);
      if (depth > budget.depth) return over(`nested deeper than ${budget.depth} (aliases expanded)`);
      if (typeof v === 'string') {
        chars += v.length;
        if (chars > budget.decodedChars) return over(`more than ${budget.decodedChars} characters of text (aliases expanded)`);
        continue;
      }
      if (v === null || typeof v !== 'object') continue;
      // js-yaml gives every use of an anchor the same object: a second meeting is an alias.
      if (seen.has(v) && ++aliases > budget.aliases) return over(`more than ${budget.aliases} aliases`);
      seen.add(v);
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], depth + 1]);
        continue;
      }
      for (const [k, inner] of Object.entries(v)) {
        if (++keys > budget.keys) return over(`more than ${budget.keys} keys`);
        chars += k.length;
        stack.push([inner, depth + 1]);
      }
    }
    if (keys > budget.keys) return { reason: `more than ${budget.keys} keys`, key };
    if (chars > budget.decodedChars) return { reason: `more than ${budget.decodedChars} characters of text (aliases expanded)`, key };
  }
  return undefined;
}
