// kramdown's parse_blocks: block rules tried in order at the scanner's position until the text is used up, or
// until the end tag of the HTML element being parsed as Markdown.
import type { Token } from 'markdown-it/index.js';
import { type BlockState, type Child, type Container, MAX_DEPTH, NOTE_NESTING, token } from '../state.js';

/**
 * Parses `text` (or, with `text` undefined, the rest of the current source in place) into `container`, its
 * tokens appended to the state's. Returns true when the container's HTML end tag was found.
 */
export function parseBlocks(s: BlockState, container: Container, text?: string): boolean {
  const saved = { src: s.src, pos: s.pos, container: s.container, blockIal: s.blockIal, memo: s.memo };
  s.container = container;
  s.blockIal = undefined;
  if (text !== undefined) {
    s.src = text;
    s.pos = 0;
  }
  s.doc.depth++;
  const rules = s.doc.blockRules;
  let found = false;
  try {
    while (s.pos < s.src.length) {
      s.doc.steps++;
      if (s.doc.depth > MAX_DEPTH) {
        s.doc.notes.add(NOTE_NESTING);
        addRawText(s, s.src.slice(s.pos));
        s.pos = s.src.length;
        break;
      }
      // Ruby's StringScanner (kramdown's) matches `^` at the scan position, even mid-line, as after an HTML end
      // tag with text following it on its line: the rest of the line is read as if it began one.
      if (s.pos > 0 && s.src.charCodeAt(s.pos - 1) !== 10) {
        s.src = s.src.slice(s.pos);
        s.pos = 0;
      }
      let handled = false;
      for (const rule of rules) {
        if (rule(s)) {
          handled = true;
          break;
        }
      }
      if (s.stop) {
        s.stop = false;
        found = true;
        break;
      }
      // kramdown: "this should not occur - no block parser handled the line": the scanner is mid-line (after an
      // HTML element's end tag), and the rest of the line becomes text in the container itself.
      if (!handled) {
        const end = s.src.indexOf('\n', s.pos);
        const stop = end < 0 ? s.src.length : end + 1;
        addRawText(s, s.src.slice(s.pos, stop));
        s.pos = stop;
      }
    }
  } finally {
    s.doc.depth--;
  }
  const pos = s.pos;
  s.container = saved.container;
  s.blockIal = saved.blockIal;
  if (text !== undefined) {
    s.src = saved.src;
    s.pos = saved.pos;
    s.memo = saved.memo;
  } else s.pos = pos;
  return found;
}

/** Text directly in a container, not in a paragraph: span-parsed and written as it is. */
export function addRawText(s: BlockState, text: string): void {
  const last = s.container.children.at(-1);
  if (last?.type === 'raw_text' && last.inline) {
    last.inline.content += text;
    return;
  }
  const inline = token('inline', '', 0);
  inline.content = text;
  inline.meta = { ...(inline.meta as object), rawBlock: true };
  s.tokens.push(inline);
  s.container.children.push({ type: 'raw_text', token: inline, inline, start: s.tokens.length - 1 });
}

/** A fresh container. */
export function container(type: string, extra?: Partial<Container>): Container {
  return { type, children: [] as Child[], ...extra };
}

/** Removes a child's tokens (it must be the last child). */
export function popChild(s: BlockState): { child: Child; tokens: Token[] } | undefined {
  const child = s.container.children.pop();
  if (!child) return undefined;
  const tokens = child.start === undefined ? [] : s.tokens.splice(child.start);
  return { child, tokens };
}
