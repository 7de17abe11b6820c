// An HTML element as kramdown reads it in a block: its attributes, then its body parsed by its content model —
// raw (kept as written, nested tags re-written), block (Markdown blocks up to the end tag) or span (Markdown
// text up to the end tag). Without `markdown="…"` and with parse_block_html off (Jekyll's default) it is raw.
import {
  contentModelOf,
  type ContentModel,
  ELEMENTS_WITHOUT_BODY,
  HTML_COMMENT,
  HTML_INSTRUCTION,
  HTML_TAG,
  HTML_TAG_CLOSE,
  isHtmlElement,
  MARKDOWN_ATTR,
  parseHtmlAttributes,
  UNAME,
} from '../html-syntax.js';
import { memoOf } from '../source-memo.js';
import { type BlockState, MAX_HTML_DEPTH, metaOf, NOTE_NESTING, setIal, token } from '../state.js';
import { container, parseBlocks } from './parse-blocks.js';

const TRAILING_WHITESPACE = /[ \t]*\n/y;
const RAW_START = new RegExp(`<(?:${UNAME}|\\/|!--|\\?)`, 'gu');
const COMMENT = new RegExp(HTML_COMMENT, 'yu');
const INSTRUCTION = new RegExp(HTML_INSTRUCTION, 'yu');
const TAG = new RegExp(HTML_TAG, 'yu');
const TAG_CLOSE = new RegExp(HTML_TAG_CLOSE, 'yu');

/** What the renderer needs of an element (kramdown's html_element options). */
export interface HtmlMeta {
  name: string;
  category: 'block' | 'span';
  contentModel: ContentModel;
  isClosed: boolean;
  /** The element sits in a raw element: written without indentation or a newline after it. */
  inRaw: boolean;
}

export function scanTrailingWhitespace(s: BlockState): void {
  TRAILING_WHITESPACE.lastIndex = s.pos;
  const m = TRAILING_WHITESPACE.exec(s.src);
  if (m) s.pos += m[0].length;
}

/**
 * A start tag matched at s.pos (`m` is HTML_TAG's match, already consumed): pushes the element's tokens, its body
 * included (handle_html_start_tag with handle_kramdown_html_tag). `inRaw` says the parent is a raw element.
 */
export function htmlStartTag(s: BlockState, m: RegExpExecArray, inRaw: boolean): void {
  let name = m[1] ?? '';
  const known = isHtmlElement(name.toLowerCase());
  if (known) name = name.toLowerCase();
  let closed = m[4] !== undefined;
  const attrs = parseHtmlAttributes(m[2] ?? '', known);
  const open = token('kd_html_open', name, 1, attrs);
  const meta: HtmlMeta = { name, category: 'block', contentModel: 'raw', isClosed: closed, inRaw };
  metaOf(open).html = meta;
  s.tokens.push(open);
  const child = { type: 'html_element', token: open, start: s.tokens.length - 1 };
  s.container.children.push(child);
  if (!closed && ELEMENTS_WITHOUT_BODY.has(name)) closed = true;
  if (s.blockIal) {
    setIal(child, s.blockIal);
    s.blockIal = undefined;
  }
  if (name === 'script' || name === 'style') {
    // Their text is never parsed: up to the end tag, as it is.
    const end = new RegExp(`<\\/${name}[ \\t\\r\\n\\f\\v]*>`, 'giu');
    end.lastIndex = s.pos;
    const found = end.exec(s.src);
    const text = s.src.slice(s.pos, found ? found.index : s.src.length);
    pushText(s, 'kd_html_raw_text', text);
    s.pos = found ? found.index + found[0].length : s.src.length;
    meta.contentModel = inRaw ? 'raw' : s.doc.opts.parseBlockHtml ? contentModelOf(name) : 'raw';
    takeMarkdownAttr(attrs, meta, name);
    meta.isClosed = false;
    s.tokens.push(token('kd_html_close', name, -1));
    return;
  }
  meta.contentModel = inRaw ? 'raw' : s.doc.opts.parseBlockHtml ? contentModelOf(name) : 'raw';
  takeMarkdownAttr(attrs, meta, name);
  meta.isClosed = closed;
  if (meta.contentModel === 'block') scanTrailingWhitespace(s);
  if (!closed) {
    if (meta.contentModel === 'block') {
      parseBlocks(s, container('html_element', { htmlName: name, contentModel: 'block' }));
    } else if (meta.contentModel === 'span') {
      const end = new RegExp(`(?=<\\/${name}[ \\t\\r\\n\\f\\v]*>)`, 'giu');
      end.lastIndex = s.pos;
      const found = end.exec(s.src);
      const inline = token('inline', '', 0);
      inline.content = s.src.slice(s.pos, found ? found.index : s.src.length);
      s.tokens.push(inline);
      s.pos = found ? found.index : s.src.length;
      TAG_CLOSE.lastIndex = s.pos;
      const close = TAG_CLOSE.exec(s.src);
      if (close) s.pos += close[0].length;
    } else {
      parseRawHtml(s, name);
    }
    if (!inRaw) scanTrailingWhitespace(s);
  }
  s.tokens.push(token('kd_html_close', name, -1));
}

function takeMarkdownAttr(attrs: Map<string, string>, meta: HtmlMeta, name: string): void {
  const value = attrs.get('markdown');
  if (value === undefined) return;
  attrs.delete('markdown');
  const mode = MARKDOWN_ATTR.get(value);
  if (mode) meta.contentModel = mode === 'default' ? contentModelOf(name) : mode;
}

function pushText(s: BlockState, type: string, text: string): void {
  if (text === '') return;
  const prev = s.tokens.at(-1);
  if (prev?.type === type) {
    prev.content += text;
    return;
  }
  const t = token(type, '', 0);
  t.content = text;
  s.tokens.push(t);
}

/** A raw element's body (parse_raw_html): text as written, comments, nested elements, up to its end tag. */
function parseRawHtml(s: BlockState, name: string): void {
  const saved = s.container;
  s.container = container('html_element', { htmlName: name, contentModel: 'raw' });
  try {
    for (;;) {
      s.doc.steps++;
      RAW_START.lastIndex = s.pos;
      const next = RAW_START.exec(s.src);
      if (!next) {
        pushText(s, 'kd_html_text', s.src.slice(s.pos));
        s.pos = s.src.length;
        return;
      }
      pushText(s, 'kd_html_text', s.src.slice(s.pos, next.index));
      s.pos = next.index;
      // Each kind is tried only when the one before did not apply (a comment or instruction is looked for only
      // when its end is ahead); the first that applies is taken and the loop goes on.
      const memo = memoOf(s);
      const comment = memo.indexOf('-->', s.pos) >= 0 ? matchSticky(COMMENT, s) : null;
      if (comment) {
        s.pos += comment[0].length;
        pushLeaf(s, 'kd_xml_comment', comment[0]);
        continue;
      }
      const instruction = memo.indexOf('?>', s.pos) >= 0 ? matchSticky(INSTRUCTION, s) : null;
      if (instruction) {
        s.pos += instruction[0].length;
        pushLeaf(s, 'kd_xml_comment', instruction[0]);
        continue;
      }
      const tag = matchSticky(TAG, s);
      if (tag && s.doc.htmlDepth < MAX_HTML_DEPTH) {
        s.pos += tag[0].length;
        s.doc.htmlDepth++;
        try {
          htmlStartTag(s, tag, true);
        } finally {
          s.doc.htmlDepth--;
        }
        continue;
      }
      // A start tag nested too deep is noted, and then kept as text like anything else that is no tag here.
      if (tag) s.doc.notes.add(NOTE_NESTING);
      const endTag = matchSticky(TAG_CLOSE, s);
      if (endTag) {
        s.pos += endTag[0].length;
        const closing = isHtmlElement(name) ? (endTag[1] ?? '').toLowerCase() : (endTag[1] ?? '');
        if (closing === name) return;
        pushText(s, 'kd_html_text', endTag[0]);
        continue;
      }
      pushText(s, 'kd_html_text', s.src[s.pos] ?? '');
      s.pos++;
    }
  } finally {
    s.container = saved;
  }
}

function matchSticky(re: RegExp, s: BlockState): RegExpExecArray | null {
  re.lastIndex = s.pos;
  return re.exec(s.src);
}

function pushLeaf(s: BlockState, type: string, content: string): void {
  const t = token(type, '', 0);
  t.content = content;
  s.tokens.push(t);
}
