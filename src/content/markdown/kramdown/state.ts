// The parse state the kramdown rules share: the document's definitions, the block scanner (kramdown reads a
// string from a position, as Kramdown::Utils::StringScanner) and the container a block is added to.
import Token from 'markdown-it/lib/token.mjs';
import type { AttributeList } from './attribute-list.js';
import type { ContentModel } from './html-syntax.js';
import type { KramdownOptions } from './options.js';
import type { SourceMemo } from './source-memo.js';

/** A link definition: `[id]: url "title"`, and the IAL written under it (applied to every link that uses it). */
export interface LinkDef {
  readonly url: string;
  readonly title: string | undefined;
  readonly eob: Child;
}

/** A footnote definition: its content as block tokens, and where its markers are. */
export interface FootnoteDef {
  readonly tokens: Token[];
  readonly eob: Child;
  referenced: boolean;
}

/** What kramdown keeps for the whole document while parsing it (the parser's instance variables). */
export interface Doc {
  /** Options; `{::options /}` may change the parser's copy mid-document. */
  readonly opts: KramdownOptions & { parseBlockHtml: boolean; parseSpanHtml: boolean };
  readonly alds: Map<string, AttributeList>;
  readonly linkDefs: Map<string, LinkDef>;
  readonly footnotes: Map<string, FootnoteDef>;
  readonly abbrevs: Map<string, { title: string; eob: Child }>;
  /** Nesting depth of containers: past MAX_DEPTH a container's text is taken as a paragraph, never recursed. */
  depth: number;
  /** Nesting depth of raw HTML elements and of span elements being parsed. */
  htmlDepth: number;
  spanDepth: number;
  /**
   * Parsing steps taken (block and span scanner iterations, characters scanned for a link's URL and title), and
   * the most allowed. kramdown re-parses an emphasis or link that does not close, which costs quadratic time on
   * hostile text (`*a *b *c …`); past the limit those constructs are taken as text, in linear time.
   */
  steps: number;
  readonly maxSteps: number;
  /** Where this rendering is not what Jekyll's would be (limits reached, options not applied), one line each. */
  readonly notes: Set<string>;
  /** The block rules, in kramdown's order (the engine's ruler). */
  readonly blockRules: readonly BlockRule[];
}

/** Nesting guards (kramdown has none and overflows Ruby's stack): far deeper than any real post, shallow enough
 * for JavaScript's. Blocks (quotes, lists, HTML parsed as Markdown), raw HTML elements, span elements. */
export const MAX_DEPTH = 64;
export const MAX_HTML_DEPTH = 256;
export const MAX_SPAN_DEPTH = 100;

/** One child of a container, as much as later rules ask of it (kramdown's element types). */
export interface Child {
  type: string;
  /** blank: the blank text; eob: what ended the block (ial, ald, link_def, abbrev_def, footnote_def, extension, marker). */
  value?: string;
  /** The token that opens the element (or is it), where attributes go. */
  token?: Token;
  /** Tokens from this child's first token to the end of the token list (to remove or move it). */
  start?: number;
  /** The IAL written for it (after it, or before it). */
  ial?: AttributeList;
  /** A paragraph's inline token (its text can grow). */
  inline?: Token;
}

/** An element being filled: the document, a list item, a blockquote, an HTML element parsed as Markdown… */
export interface Container {
  readonly type: string;
  readonly children: Child[];
  /** For an HTML element: its name (its end tag ends the container) and content model. */
  readonly htmlName?: string;
  readonly contentModel?: ContentModel;
}

/** The block scanner: one source string and a position in it. */
export interface BlockState {
  src: string;
  pos: number;
  tokens: Token[];
  container: Container;
  /** An IAL written on its own line before a block: applied to the next block element. */
  blockIal: AttributeList | undefined;
  /** Set when an HTML end tag closes the container being parsed (kramdown's throw :stop_block_parsing). */
  stop: boolean;
  readonly doc: Doc;
  readonly env: KramdownEnv;
  /** Look-ahead facts about `src` (source-memo.ts). */
  memo?: SourceMemo | undefined;
}

/** What markdown-it's env carries for the kramdown engine. */
export interface KramdownEnv {
  kd?: Doc;
}

export type BlockRule = (s: BlockState) => boolean;

export const NOTE_STEPS =
  'the text is too intricate to follow to its end (more than 8 parsing steps a character): emphasis, links and inline HTML past that point are text';
export const NOTE_NESTING = 'nesting deeper than 64 blocks, 256 HTML elements or 100 span elements is text';

/** A sticky match of `re` at `pos` (kramdown's StringScanner#check); `re` must have the `y` flag. */
export function matchAt(re: RegExp, src: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(src);
}

/** A new token with kramdown's attribute map in `meta.attrs`. */
export function token(type: string, tag: string, nesting: -1 | 0 | 1, attrs?: Map<string, string>): Token {
  const t = new Token(type, tag, nesting);
  t.meta = { attrs: attrs ?? new Map<string, string>() };
  t.block = true;
  return t;
}

/** The attributes of a token made by `token()`. */
export function attrsOf(t: Token): Map<string, string> {
  const meta = t.meta as { attrs?: Map<string, string> } | null;
  if (meta?.attrs) return meta.attrs;
  const attrs = new Map<string, string>();
  t.meta = { ...(meta ?? {}), attrs };
  return attrs;
}

/** kramdown's new_block_el: a block child, taking the pending block IAL. */
export function addBlock(s: BlockState, child: Child): Child {
  if (s.blockIal) {
    setIal(child, s.blockIal);
    s.blockIal = undefined;
  }
  s.container.children.push(child);
  return child;
}

/** Gives a child its IAL; the token keeps it too, for the pass that applies IALs once every ALD is known. */
export function setIal(child: Child, ial: AttributeList): void {
  child.ial = ial;
  if (child.token) metaOf(child.token)['ial'] = ial;
}

/** A token's meta as a record. */
export function metaOf(t: Token): Record<string, unknown> {
  if (t.meta === null || typeof t.meta !== 'object') t.meta = {};
  return t.meta as Record<string, unknown>;
}

/** kramdown's after_block_boundary?: nothing before in this container, a blank line, `^`, or a pending IAL. */
export function afterBlockBoundary(s: BlockState): boolean {
  const last = s.container.children.at(-1);
  return !last || last.type === 'blank' || (last.type === 'eob' && last.value === undefined) || s.blockIal !== undefined;
}

/** The container's last child, if any. */
export function lastChild(s: BlockState): Child | undefined {
  return s.container.children.at(-1);
}
