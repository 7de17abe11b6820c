// `{:…}` lines: an ALD (`{:name: .class key="v"}`), an extension (`{::comment}…{:/comment}`, `{::nomarkdown}…{:/}`,
// `{::options key="v" /}`), or a block IAL, which goes to the block before it (none blank between) or, failing
// that, to the next block.
import { emptyList, mergeLists, parseAttributeList } from '../attribute-list.js';
import { ALD_ANY_CHARS, ALD_ID_NAME, IAL_BLOCK_START, OPT_SPACE, sticky, WS } from '../patterns.js';
import { chomp } from '../ruby-string.js';
import { memoOf } from '../source-memo.js';
import { addBlock, type BlockRule, type BlockState, lastChild, matchAt, setIal, token } from '../state.js';

const START = sticky(`^${OPT_SPACE}\\{:`);
const ALD_START = sticky(`^${OPT_SPACE}\\{:(${ALD_ID_NAME}):(${ALD_ANY_CHARS}+)\\}${WS}*?\\n`);
export const EXT_START_STR = `\\{::(\\w+)(?:${WS}(${ALD_ANY_CHARS}*?)|)(\\/)?\\}`;
const EXT_STOP_ANY = `\\{:\\/(${ALD_ID_NAME})?\\}`;
const EXT_BLOCK_START = sticky(`^${OPT_SPACE}(?:${EXT_START_STR}|${EXT_STOP_ANY})${WS}*?\\n`);
const IAL_START = sticky(IAL_BLOCK_START);

/** Options `{::options /}` may change while parsing (those that change how the rest is parsed). */
const INLINE_OPTIONS = new Map<string, 'parseBlockHtml' | 'parseSpanHtml'>([
  ['parse_block_html', 'parseBlockHtml'],
  ['parse_span_html', 'parseSpanHtml'],
]);

export const blockExtensions: BlockRule = (s) => {
  if (!matchAt(START, s.src, s.pos)) return false;
  let m = matchAt(ALD_START, s.src, s.pos);
  if (m) {
    s.pos += m[0].length;
    const name = m[1] ?? '';
    const ald = s.doc.alds.get(name) ?? emptyList();
    parseAttributeList(m[2] ?? '', ald);
    s.doc.alds.set(name, ald);
    addBlock(s, { type: 'eob', value: 'ald' });
    return true;
  }
  m = matchAt(EXT_BLOCK_START, s.src, s.pos);
  if (m) return extension(s, m);
  m = matchAt(IAL_START, s.src, s.pos);
  if (m) {
    s.pos += m[0].length;
    const last = lastChild(s);
    const list = emptyList();
    parseAttributeList(m[1] ?? '', list);
    if (last && last.type !== 'blank' && (last.type !== 'eob' || ['link_def', 'abbrev_def', 'footnote_def'].includes(last.value ?? ''))) {
      const ial = last.ial ?? emptyList();
      mergeLists(ial, list);
      setIal(last, ial);
      // Two IALs in a row both go to that block: no end-of-block between them.
      if (!matchAt(IAL_START, s.src, s.pos)) addBlock(s, { type: 'eob', value: 'ial' });
    } else {
      s.blockIal ??= emptyList();
      mergeLists(s.blockIal, list);
    }
    return true;
  }
  return false;
};

function extension(s: BlockState, m: RegExpExecArray): boolean {
  const [whole, name, optsText, selfClosing, stopName] = m;
  // A stop tag with no start: kramdown warns and the line is read as a paragraph.
  if (stopName !== undefined || name === undefined) return false;
  if (!['comment', 'nomarkdown', 'options'].includes(name)) return false;
  const opts = emptyList();
  parseAttributeList(optsText ?? '', opts);
  let body: string | undefined;
  let end = s.pos + whole.length;
  if (selfClosing === undefined) {
    // The body runs to `{:/}` or `{:/name}` alone on a line.
    const stop = new RegExp(`^${OPT_SPACE}\\{:\\/(${name})?\\} *?\\n`, 'gmu');
    if (memoOf(s).lastMatch(`stop-${name}`, stop) < end) return false;
    stop.lastIndex = end;
    const found = stop.exec(s.src);
    if (!found) return false;
    body = chomp(s.src.slice(end, found.index));
    end = found.index + found[0].length;
  }
  s.pos = end;
  if (name === 'comment') {
    if (body !== undefined) pushSingle(s, 'kd_comment', body);
  } else if (name === 'nomarkdown') {
    if (body !== undefined) {
      const t = pushSingle(s, 'kd_raw', body);
      t.info = opts.attrs.get('type') ?? '';
    }
  } else {
    for (const [key, value] of opts.attrs) {
      const option = INLINE_OPTIONS.get(key);
      if (option) s.doc.opts[option] = value === 'true';
      else s.doc.notes.add(`{::options ${key}="…" /} is not applied`);
    }
    addBlock(s, { type: 'eob', value: 'extension' });
  }
  return true;
}

function pushSingle(s: BlockState, type: string, content: string) {
  const t = token(type, '', 0);
  t.content = content;
  s.tokens.push(t);
  // Not new_block_el: a pending IAL stays pending.
  s.container.children.push({ type, token: t, start: s.tokens.length - 1 });
  return t;
}
