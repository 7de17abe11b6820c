// ' and " as typographic quotes, by kramdown's ten rules in order. Each looks at the character before the quote
// when the text scanner stopped on it (the character is then part of the match, kept as text), and at what
// follows. Ruby's `\w`, `\s` and `\d` are ASCII; its `\b` is Unicode-aware, so a CJK character is a word
// character there and not here in `\w`: "中文"'s closing quote depends on that.
import { addText, childrenOf, node, type SpanRule, type SpanState } from './span-state.js';

type Quote = 'lsquo' | 'rsquo' | 'ldquo' | 'rdquo';
type Step = { text: string } | { quote: Quote };

const PUNCT = '[!"#$%\'()*+,\\-./:;<=>?@[\\\\\\]^_`{|}~]';
const WORD_U = /[\p{L}\p{M}\p{N}\p{Pc}]/u;

function isWordU(ch: string | undefined): boolean {
  return ch !== undefined && WORD_U.test(ch);
}

// Ruby's \b and \B at position i of src.
function boundary(src: string, i: number): boolean {
  return isWordU(charBefore(src, i)) !== isWordU(charAt(src, i));
}

function charAt(src: string, i: number): string | undefined {
  const cp = src.codePointAt(i);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

function charBefore(src: string, i: number): string | undefined {
  if (i <= 0) return undefined;
  const lo = src.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) return src.slice(i - 2, i);
  return src[i - 1];
}

const open = (q: string): Quote => (q === '"' ? 'ldquo' : 'lsquo');
const close = (q: string): Quote => (q === '"' ? 'rdquo' : 'rsquo');

const R1 = /(["'])(?=[_*]{1,2}[^ \t\r\n\f\v])/y;
const R2 = new RegExp(`(["'])(?=${PUNCT}(?!\\.\\.))`, 'y');
const R3 = /([ \t\r\n\f\v]?)"'(?=\w)/y;
const R4 = /([ \t\r\n\f\v]?)'"(?=\w)/y;
const R5 = /([ \t\r\n\f\v]?)'(?=\d\ds)/y;
const R6 = /([ \t\r\n\f\v])(['"])(?=\w)/y;
const R7 = /([^ \\\t\r\n[{(-])(['"])/uy;
const R8 = /(["'])(?=[ \t\r\n\f\v]|s|$)/my;
const R9 = /([\s\S]?)'/uy;
const R10 = /([\s\S]?)"/uy;

/** The first rule that matches at s.pos: how many characters it takes, and what it makes of them. */
function apply(s: SpanState): { length: number; steps: Step[] } {
  const { src, pos } = s;
  const at = (re: RegExp) => {
    re.lastIndex = pos;
    return re.exec(src);
  };
  // Each rule is tried only when the ones before it did not apply.
  const m1 = at(R1);
  if (m1) return { length: 1, steps: [{ quote: open(m1[1] ?? '') }] };
  const m2 = at(R2);
  if (m2 && !boundary(src, pos + 2)) return { length: 1, steps: [{ quote: close(m2[1] ?? '') }] };
  const m3 = at(R3);
  if (m3) return { length: m3[0].length, steps: [{ text: m3[1] ?? '' }, { quote: 'ldquo' }, { quote: 'lsquo' }] };
  const m4 = at(R4);
  if (m4) return { length: m4[0].length, steps: [{ text: m4[1] ?? '' }, { quote: 'lsquo' }, { quote: 'ldquo' }] };
  const m5 = at(R5);
  if (m5) return { length: m5[0].length, steps: [{ text: m5[1] ?? '' }, { quote: 'rsquo' }] };
  const m6 = at(R6);
  if (m6) return { length: m6[0].length, steps: [{ text: m6[1] ?? '' }, { quote: open(m6[2] ?? '') }] };
  const m7 = at(R7);
  if (m7) return { length: m7[0].length, steps: [{ text: m7[1] ?? '' }, { quote: close(m7[2] ?? '') }] };
  // Rule 8's `s\b`: an "s" that ends a word ('s, the plural possessive).
  const m8 = at(R8);
  if (m8 && (src[pos + 1] !== 's' || boundary(src, pos + 2))) return { length: 1, steps: [{ quote: close(m8[1] ?? '') }] };
  const m9 = at(R9);
  if (m9) return { length: m9[0].length, steps: [{ text: m9[1] ?? '' }, { quote: 'lsquo' }] };
  const m10 = at(R10) as RegExpExecArray;
  return { length: m10[0].length, steps: [{ text: m10[1] ?? '' }, { quote: 'ldquo' }] };
}

export const smartQuotes: SpanRule = {
  name: 'smart_quotes',
  spanStart: '[^\\\\]?["\']',
  start: /[^\\]?["']/uy,
  parse(s) {
    const { length, steps } = apply(s);
    s.pos += length;
    for (const step of steps) {
      if ('text' in step) addText(s, step.text);
      else {
        const q = node('smart_quote');
        q.content = step.quote;
        childrenOf(s.tree).push(q);
      }
    }
  },
};
