// The span scanner: kramdown's parse_spans. Text runs up to the next place a span rule could start (or the stop
// pattern of the element being parsed); there the rules are tried in order, and the first whose pattern matches
// handles it, even if all it does is keep the characters as text.
import Token from 'markdown-it/lib/token.mjs';
import type { SourceMemo } from '../source-memo.js';
import { type Doc, MAX_SPAN_DEPTH, NOTE_NESTING, NOTE_STEPS } from '../state.js';

/** One span rule: where it may start (for the text scanner), the pattern it must match there, its parser. */
export interface SpanRule {
  readonly name: string;
  /** Source of a pattern matching where the rule may start (kramdown's span_start). */
  readonly spanStart: string;
  /** Sticky pattern the rule needs at the position (kramdown's start_re). */
  readonly start: RegExp;
  /**
   * Parses at s.pos. A parser that always applies returns nothing; one that may find it does not apply after all
   * returns whether it did (false: the next rule is tried).
   */
  readonly parse: ((s: SpanState) => void) | ((s: SpanState) => boolean);
}

export interface SpanState {
  src: string;
  pos: number;
  /** The element whose children are being parsed. */
  tree: Token;
  /** Enclosing elements, outermost first. */
  stack: Token[];
  readonly doc: Doc;
  readonly rules: readonly SpanRule[];
  /** Text nodes are `text`, or `raw_text` when only splitting (table cells). */
  textType: string;
  /** Look-ahead facts about `src` (source-memo.ts). */
  memo?: SourceMemo | undefined;
}

/** A leaf or element node: a token with its children in `children` (not flat). */
export function node(type: string, tag = '', attrs?: Map<string, string>): Token {
  const t = new Token(type, tag, 0);
  t.children = [];
  t.meta = { attrs: attrs ?? new Map<string, string>() };
  return t;
}

export function childrenOf(t: Token): Token[] {
  t.children ??= [];
  return t.children;
}

/** kramdown's add_text: appended to the last child if it is text of the same type. */
export function addText(s: SpanState, text: string, tree: Token = s.tree, type: string = s.textType): void {
  const kids = childrenOf(tree);
  const last = kids.at(-1);
  if (last && last.type === type) last.content += text;
  else if (text !== '') {
    const t = node(type);
    t.content = text;
    kids.push(t);
  }
}

export function matchAt(re: RegExp, s: SpanState, pos = s.pos): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s.src);
}

// Where the next span might start, found by a plain character class rather than kramdown's union of span
// starts (whose `[^\\]?["']` would make the regex engine try every alternative at every character): a trigger
// character, moved back one for a quote (the character before it is part of smart quotes' start) and for a
// space before `<<`/`>>`, two for two spaces before a newline. A trigger that starts nothing only costs a
// step (its character is then kept as text), so the class may be wider than needed; never narrower.
const TRIGGER = /[*_`<[!"'$&\\{~.>\n-]/g;

function nextStart(src: string, from: number): number {
  TRIGGER.lastIndex = from;
  for (let m = TRIGGER.exec(src); m; m = TRIGGER.exec(src)) {
    const t = m.index;
    const c = src[t];
    const next = src[t + 1];
    switch (c) {
      case '"':
      case "'": {
        if (t <= from || src[t - 1] === '\\') return t;
        // The character before may be a surrogate pair (an emoji, a rare CJK character): back up over both.
        const low = src.charCodeAt(t - 1);
        return low >= 0xdc00 && low <= 0xdfff && t - 2 >= from ? t - 2 : t - 1;
      }
      case '<':
        return next === '<' && t > from && src[t - 1] === ' ' ? t - 1 : t;
      case '>':
        if (next === '>') return t > from && src[t - 1] === ' ' ? t - 1 : t;
        break;
      case '\n':
        if (t - 2 >= from && src[t - 1] === ' ' && src[t - 2] === ' ') return t - 2;
        break;
      case '!':
        if (next === '[') return t;
        break;
      case '-':
        if (next === '-') return t;
        break;
      case '.':
        if (next === '.' && src[t + 2] === '.') return t;
        break;
      case '{':
        if (next === ':') return t;
        break;
      case '~':
        if (next === '~') return t;
        break;
      default:
        return t;
    }
    TRIGGER.lastIndex = t + 1;
  }
  return -1;
}

// The next place the element's stop pattern matches, or -1.
function nextStop(stop: RegExp, src: string, from: number): number {
  const re = globalOf(stop);
  re.lastIndex = from;
  const m = re.exec(src);
  return m ? m.index : -1;
}

const globalCache = new Map<string, RegExp>();

function globalOf(re: RegExp): RegExp {
  const flags = re.flags.includes('i') ? 'gimu' : 'gmu';
  const key = `${flags}\u0000${re.source}`;
  let out = globalCache.get(key);
  if (!out) {
    out = new RegExp(re.source, flags);
    if (globalCache.size < 1000) globalCache.set(key, out);
  }
  return out;
}

const stickyCache = new Map<string, RegExp>();

function stickyOf(re: RegExp): RegExp {
  const flags = re.flags.includes('i') ? 'imuy' : 'muy';
  const key = `${flags}\u0000${re.source}`;
  let out = stickyCache.get(key);
  if (!out) {
    out = new RegExp(re.source, flags);
    if (stickyCache.size < 1000) stickyCache.set(key, out);
  }
  return out;
}

/**
 * Parses spans into `el` until the source ends or `stop` matches where `accept()` says yes. Returns whether the
 * stop was found; the scanner is then at it (not past it).
 */
export function parseSpans(
  s: SpanState,
  el: Token,
  stop?: RegExp,
  accept?: () => boolean,
  rules: readonly SpanRule[] = s.rules,
  textType = s.textType,
): boolean {
  const outer = { tree: s.tree, textType: s.textType };
  const pushed = s.tree !== el;
  if (pushed) s.stack.push(s.tree);
  s.tree = el;
  s.textType = textType;
  const stopSticky = stop ? stickyOf(stop) : undefined;
  let stopAt = -2;
  let found = false;
  s.doc.spanDepth++;
  try {
    while (s.pos < s.src.length && !found) {
      s.doc.steps++;
      // The stop's next match is looked for again only once the scanner has passed it.
      if (stop && stopAt !== -1 && stopAt < s.pos) stopAt = nextStop(stop, s.src, s.pos);
      const start = nextStart(s.src, s.pos);
      const at = stop && stopAt >= 0 && (start < 0 || stopAt < start) ? stopAt : start;
      if (at < 0) {
        if (!stop) {
          addText(s, s.src.slice(s.pos));
          s.pos = s.src.length;
        }
        break;
      }
      addText(s, s.src.slice(s.pos, at));
      s.pos = at;
      if (stopSticky) {
        stopSticky.lastIndex = s.pos;
        if (stopSticky.test(s.src)) found = accept ? accept() : true;
      }
      if (found) break;
      let processed = false;
      for (const rule of rules) {
        rule.start.lastIndex = s.pos;
        if (rule.start.test(s.src) && rule.parse(s) !== false) {
          processed = true;
          break;
        }
      }
      if (!processed) {
        const ch = String.fromCodePoint(s.src.codePointAt(s.pos) ?? 0);
        addText(s, ch);
        s.pos += ch.length;
      }
    }
  } finally {
    s.doc.spanDepth--;
    if (pushed) s.stack.pop();
    s.tree = outer.tree;
    s.textType = outer.textType;
  }
  return found;
}

/** Whether re-parsing constructs may still be tried (see Doc.steps). */
export function withinBudget(s: SpanState): boolean {
  if (s.doc.steps >= s.doc.maxSteps) s.doc.notes.add(NOTE_STEPS);
  else if (s.doc.spanDepth >= MAX_SPAN_DEPTH) s.doc.notes.add(NOTE_NESTING);
  else return true;
  return false;
}

/** The types of the open elements, innermost last (kramdown's @tree plus @stack). */
export function openTypes(s: SpanState): string[] {
  return [...s.stack, s.tree].map((t) => t.type);
}
