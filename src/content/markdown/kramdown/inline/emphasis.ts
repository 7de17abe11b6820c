// `*em*`, `**strong**`, `_em_`, `__strong__`. kramdown's rules, not CommonMark's: the closing delimiter is the
// first one not after whitespace (and, for `_`, not before a letter or digit); an `_` after a letter starts
// nothing (snake_case, and 中文_词 too: CJK characters are letters); em never nests in em, strong never in strong.
import { addText, childrenOf, matchAt, parseSpans, type SpanRule, type SpanState, node, openTypes, withinBudget } from './span-state.js';

const START = /(?:\*\*?|__?)/y;
const ALPHA_BEFORE = /\p{Alphabetic}-?$/u;
const WS = /[ \t\r\n\f\v]/;
interface Delimiter {
  /** The closing delimiter. */
  readonly stop: RegExp;
  /** For em: a doubled delimiter there is strong's, not em's end. */
  readonly double: RegExp;
  /** For `_`: a delimiter before a letter or digit does not close. */
  readonly alnum: RegExp;
}

const DELIMITERS = new Map<string, Delimiter>(
  ['*', '**', '_', '__'].map((d) => {
    const e = d.replace(/\*/g, '\\*');
    const one = d[0] === '*' ? '\\*' : '_';
    return [d, { stop: new RegExp(e, 'u'), double: new RegExp(`${e}${e}(?!${one})`, 'uy'), alnum: new RegExp(`${e}[\\p{Alphabetic}\\p{Nd}]`, 'uy') }];
  }),
);

function subParse(s: SpanState, delim: string, type: 'em' | 'strong', kind: string): { found: boolean; el: ReturnType<typeof node> } {
  const el = node(type, type);
  const d = DELIMITERS.get(delim) as Delimiter;
  const found = parseSpans(s, el, d.stop, () => {
    const before = s.src[s.pos - 1];
    if (before !== undefined && WS.test(before)) return false;
    if (type === 'em' && matchAt(d.double, s)) return false;
    if (kind === '_' && matchAt(d.alnum, s)) return false;
    return (el.children ?? []).length > 0;
  });
  return { found, el };
}

export const emphasis: SpanRule = {
  name: 'emphasis',
  spanStart: '\\*|_',
  start: START,
  parse(s) {
    const saved = s.pos;
    const m = matchAt(START, s) as RegExpExecArray;
    const result = m[0];
    const type = result.length === 2 ? 'strong' : 'em';
    const kind = result[0] ?? '*';
    s.pos += result.length;
    const next = s.src[s.pos];
    if (
      !withinBudget(s) ||
      (kind === '_' && ALPHA_BEFORE.test(s.src.slice(Math.max(0, saved - 4), saved))) ||
      (next !== undefined && WS.test(next)) ||
      openTypes(s).includes(type)
    ) {
      addText(s, result);
      return;
    }
    let { found, el } = subParse(s, result, type, kind);
    if (!found && type === 'strong' && s.tree.type !== 'em') {
      s.pos = saved + 1;
      ({ found, el } = subParse(s, kind, 'em', kind));
    }
    if (found) {
      s.pos += el.type === 'strong' ? 2 : 1;
      childrenOf(s.tree).push(el);
    } else {
      s.pos = saved + result.length;
      addText(s, result);
    }
  },
};
