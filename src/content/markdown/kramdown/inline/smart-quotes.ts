// ' and " as typographic quotes, by kramdown's ten rules in order. Each looks at the character before the quote
// when the text scanner stopped on it (the character is then part of the match, kept as text), and at what
// follows. Ruby's `\w`, `\s` and `\d` are ASCII; its `\b` is Unicode-aware, so a CJK character is a word
// character there and not here in `\w`: "中文"'s closing quote depends on that.
import { addText, node, type SpanRule, type SpanState } from './span-state.js';

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
const R9 = /([^]?)'/uy;
const R10 = /([^]?)"/uy;

/** The first rule that matches at s.pos: how many characters it takes, and what it makes of them. */
function apply(s: SpanState): { length: number; steps: Step[] } {
  const { src, pos } = s;
  const at = (re: RegExp) => {
    re.lastIndex = pos;
    return re.exec(src);
  };
  let m: RegExpExecArray | null;
  if ((m = at(R1))) return { length: 1, steps: [{ quote: open(m[1] ?? '') }] };
  if ((m = at(R2)) && !boundary(src, pos + 2)) return { length: 1, steps: [{ quote: close(m[1] ?? '') }] };
  if ((m = at(R3))) return { length: m[0].length, steps: [{ text: m[1] ?? '' }, { quote: 'ldquo' }, { quote: 'lsquo' }] };
  if ((m = at(R4))) return { length: m[0].length, steps: [{ text: m[1] ?? '' }, { quote: 'lsquo' }, { quote: 'ldquo' }] };
  if ((m = at(R5))) return { length: m[0].length, steps: [{ text: m[1] ?? '' }, { quote: 'rsquo' }] };
  if ((m = at(R6))) return { length: m[0].length, steps: [{ text: m[1] ?? '' }, { quote: open(m[2] ?? '') }] };
  if ((m = at(R7))) return { length: m[0].length, steps: [{ text: m[1] ?? '' }, { quote: close(m[2] ?? '') }] };
  // Rule 8's `s\b`: an "s" that ends a word ('s, the plural possessive).
  if ((m = at(R8)) && (src[pos + 1] !== 's' || boundary(src, pos + 2))) return { length: 1, steps: [{ quote: close(m[1] ?? '') }] };
  if ((m = at(R9))) return { length: m[0].length, steps: [{ text: m[1] ?? '' }, { quote: 'lsquo' }] };
  m = at(R10) as RegExpExecArray;
  return { length: m[0].length, steps: [{ text: m[1] ?? '' }, { quote: 'ldquo' }] };
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
        (s.tree.children ??= []).push(q);
      }
    }
  },
};
