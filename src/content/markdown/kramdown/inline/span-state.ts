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
  /** Parses at s.pos; returning false means it did not apply after all (the next rule is tried). */
  readonly parse: (s: SpanState) => boolean | void;
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

const startCache = new WeakMap<readonly SpanRule[], RegExp>();
const stopCache = new Map<string, RegExp>();

function scanner(rules: readonly SpanRule[], stop: RegExp | undefined): RegExp {
  if (!stop) {
    let re = startCache.get(rules);
    if (!re) {
      re = new RegExp(rules.map((r) => r.spanStart).join('|'), 'gmu');
      startCache.set(rules, re);
    }
    return re;
  }
  const flags = stop.flags.includes('i') ? 'gimu' : 'gmu';
  const key = `${flags}\u0000${stop.source}\u0000${rules.map((r) => r.name).join(',')}`;
  let re = stopCache.get(key);
  if (!re) {
    re = new RegExp(`${stop.source}|${rules.map((r) => r.spanStart).join('|')}`, flags);
    if (stopCache.size < 1000) stopCache.set(key, re);
  }
  return re;
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
export function parseSpans(s: SpanState, el: Token, stop?: RegExp, accept?: () => boolean, rules: readonly SpanRule[] = s.rules, textType = s.textType): boolean {
  const outer = { tree: s.tree, textType: s.textType };
  const pushed = s.tree !== el;
  if (pushed) s.stack.push(s.tree);
  s.tree = el;
  s.textType = textType;
  const find = scanner(rules, stop);
  const stopSticky = stop ? stickyOf(stop) : undefined;
  let found = false;
  s.doc.spanDepth++;
  try {
    while (s.pos < s.src.length && !found) {
      s.doc.steps++;
      find.lastIndex = s.pos;
      const m = find.exec(s.src);
      if (!m) {
        if (!stop) {
          addText(s, s.src.slice(s.pos));
          s.pos = s.src.length;
        }
        break;
      }
      addText(s, s.src.slice(s.pos, m.index));
      s.pos = m.index;
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
