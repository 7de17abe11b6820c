// `---` —, `--` –, `...` …, `<<` «, `>>` », `<< ` and ` >>` with a no-break space, `\<<` and `\>>` as literal
// angle brackets.
import { entity } from '../escape.js';
import { childrenOf, matchAt, node, type SpanRule } from './span-state.js';

const START = /---|--|\.\.\.|\\<<|\\>>|<< | >>|<<|>>/y;
const SYMBOLS: Readonly<Record<string, string>> = {
  '---': 'mdash',
  '--': 'ndash',
  '...': 'hellip',
  '<< ': 'laquo_space',
  ' >>': 'raquo_space',
  '<<': 'laquo',
  '>>': 'raquo',
};

export const typographicSymbols: SpanRule = {
  name: 'typographic_syms',
  spanStart: '--|\\.\\.\\.|(?:\\\\| )?(?:<<|>>)',
  start: START,
  parse(s) {
    const m = (matchAt(START, s) as RegExpExecArray)[0];
    s.pos += m.length;
    const symbol = SYMBOLS[m];
    if (symbol) {
      const el = node('typographic_sym');
      el.content = symbol;
      childrenOf(s.tree).push(el);
      return;
    }
    const e = entity(m === '\\<<' ? 'lt' : 'gt');
    for (let i = 0; i < 2; i++) {
      const el = node('entity');
      el.meta = { ...(el.meta as object), entity: e };
      childrenOf(s.tree).push(el);
    }
  },
};
