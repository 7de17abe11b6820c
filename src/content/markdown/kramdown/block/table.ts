// Tables: rows of `|`-separated cells (pipes in code spans don't count), a `|---|:--:|` line after the first rows
// making them the header (and giving the alignments), `|===|` starting a footer. kramdown wants a blank line
// (a block boundary) before and after a table; otherwise the lines are a paragraph.
import type Token from 'markdown-it/lib/token.mjs';
import { codespan } from '../inline/codespan.js';
import { node, parseSpans, type SpanRule, type SpanState } from '../inline/span-state.js';
import { spanHtml } from '../inline/span-html.js';
import { BLOCK_BOUNDARY, OPT_SPACE, sticky } from '../patterns.js';
import { strip } from '../ruby-string.js';
import { memoOf } from '../source-memo.js';
import { addBlock, afterBlockBoundary, type BlockRule, type BlockState, matchAt, metaOf, setIal, token } from '../state.js';

const PIPE_CHECK = '(?:\\||[^\\n]*?[^\\\\\\n]\\|)';
const TABLE_LINE = sticky(`${PIPE_CHECK}[^\\n]*?\\n`);
const START = sticky(`^${OPT_SPACE}(?=[^ \\t\\r\\n\\f\\v])${PIPE_CHECK}[^\\n]*?\\n`);
const SEP_LINE = sticky('^([+|: \\t-]*?-[+|: \\t-]*?)[ \\t]*\\n');
const FSEP_LINE = sticky('^[+|: \\t=]*?=[+|: \\t=]*?[ \\t]*\\n');
const ROW_LINE = sticky('^([^\\n]*?)[ \\t]*\\n');
const HSEP_ALIGN = /[ \t]?(:?)-+(:?)[ \t]?/g;
const BOUNDARY = sticky(BLOCK_BOUNDARY);
const PIPE_LINE = new RegExp(`^${PIPE_CHECK}`);

type Align = 'default' | 'left' | 'right' | 'center';

function spansOf(s: BlockState, text: string, rules: readonly SpanRule[]): Token[] {
  const root = node('root');
  const st: SpanState = { src: text, pos: 0, tree: root, stack: [], doc: s.doc, rules, textType: 'raw_text' };
  parseSpans(st, root, undefined, undefined, rules, 'raw_text');
  return root.children ?? [];
}

// A row's cells: split at pipes outside code spans (and outside <code>…</code>), `\|` a literal pipe.
function cellsOf(s: BlockState, row: string): string[] {
  const cells: string[] = [];
  const append = (text: string) => {
    if (cells.length === 0) cells.push(text);
    else cells[cells.length - 1] += text;
  };
  row.split(/(<code[\s\S]*?>[\s\S]*?<\/code>)/).forEach((part, i) => {
    if (i % 2 === 1) {
      append(part);
      return;
    }
    for (const c of spansOf(s, part, [codespan])) {
      if (c.type === 'raw_text') {
        const [first = '', ...rest] = c.content.split(/(?<!\\)\|/).map((t) => t.replace(/\\\|/g, '|'));
        append(first);
        cells.push(...rest);
      } else {
        const runs = c.content.match(/`+/g) ?? [];
        const delim = `${runs.reduce((a, b) => (b.length > a.length ? b : a), '')}\``;
        const space = delim.length > 1 ? ' ' : '';
        append(`${delim}${space}${c.content}${space}${delim}`);
      }
    }
  });
  return cells;
}

// kramdown's check that every line of the table has a pipe outside code spans and HTML.
function pipesOnEveryLine(s: BlockState, text: string): boolean {
  let pipeOnLine = false;
  for (const c of spansOf(s, text, [codespan, spanHtml])) {
    const value = c.type === 'html_element' ? c.tag : c.content;
    if (value === undefined) continue;
    const lines = value.split('\n');
    while (lines.length > 0 && lines.at(-1) === '') lines.pop();
    if (c.type === 'codespan') {
      if (lines.length > 2 || (lines.length === 2 && !pipeOnLine)) break;
      if (lines.length === 2 && pipeOnLine) pipeOnLine = false;
    } else {
      if (lines.length > 1 && !pipeOnLine && !PIPE_LINE.test(lines[0] ?? '')) break;
      pipeOnLine = (lines.length > 1 ? false : pipeOnLine) || PIPE_LINE.test(lines.at(-1) ?? '');
    }
  }
  return pipeOnLine;
}

export const table: BlockRule = (s) => {
  // A table line has a pipe (checked first: the pattern would read the whole line).
  const memo = memoOf(s);
  const pipe = memo.indexOf('|', s.pos);
  const nl = memo.indexOf('\n', s.pos);
  if (pipe < 0 || (nl >= 0 && pipe > nl)) return false;
  if (!matchAt(START, s.src, s.pos) || !afterBlockBoundary(s)) return false;
  // kramdown makes the table element (new_block_el) before knowing it is one: a pending IAL is taken, and lost
  // if the lines turn out not to be a table.
  const ial = s.blockIal;
  s.blockIal = undefined;
  const saved = s.pos;
  const line = matchAt(TABLE_LINE, s.src, s.pos);
  const leadingPipe = line !== null && /^[ \t\r\n\f\v]*\|/.test(line[0]);
  const m = matchAt(SEP_LINE, s.src, s.pos);
  if (m) s.pos += m[0].length;
  type Row = string[];
  const sections: { kind: 'thead' | 'tbody' | 'tfoot'; rows: Row[] }[] = [];
  let rows: Row[] = [];
  let alignment: Align[] = [];
  let hasFooter = false;
  let columns = 0;
  const addContainer = (kind: 'thead' | 'tbody' | 'tfoot', force: boolean) => {
    if (!hasFooter || kind !== 'tbody' || force) {
      sections.push({ kind, rows });
      rows = [];
    }
  };
  while (s.pos < s.src.length) {
    if (!matchAt(TABLE_LINE, s.src, s.pos)) break;
    const separator = matchAt(SEP_LINE, s.src, s.pos);
    if (separator) {
      s.pos += separator[0].length;
      if (rows.length === 0) continue;
      if (alignment.length === 0 && !hasFooter) {
        addContainer('thead', false);
        alignment = [...(separator[1] ?? '').matchAll(HSEP_ALIGN)].map(([, left = '', right = '']) =>
          left === '' && right === '' ? 'default' : right === '' ? 'left' : left === '' ? 'right' : 'center',
        );
      } else addContainer('tbody', false);
      continue;
    }
    const footerSeparator = matchAt(FSEP_LINE, s.src, s.pos);
    if (footerSeparator) {
      s.pos += footerSeparator[0].length;
      if (rows.length > 0) addContainer('tbody', true);
      hasFooter = true;
      continue;
    }
    const row = matchAt(ROW_LINE, s.src, s.pos);
    if (!row) break;
    s.pos += row[0].length;
    const cells = cellsOf(s, row[1] ?? '');
    if (leadingPipe && strip(cells[0] ?? '') === '') cells.shift();
    if (cells.length > 0 && strip(cells.at(-1) ?? '') === '') cells.pop();
    columns = Math.max(columns, cells.length);
    rows.push(cells.map(strip));
  }
  if (!matchAt(BOUNDARY, s.src, s.pos) || !pipesOnEveryLine(s, s.src.slice(saved, s.pos - 1))) {
    s.pos = saved;
    return false;
  }
  if (rows.length > 0) addContainer(hasFooter ? 'tfoot' : 'tbody', false);
  if (!sections.some((c) => c.kind === 'tbody')) {
    s.pos = saved;
    return false;
  }
  alignment = alignment.length > columns ? alignment.slice(0, columns) : [...alignment, ...Array<Align>(columns - alignment.length).fill('default')];

  const open = token('table_open', 'table', 1);
  s.tokens.push(open);
  const start = s.tokens.length - 1;
  for (const section of sections) {
    s.tokens.push(token(`${section.kind}_open`, section.kind, 1));
    for (const row of section.rows) {
      s.tokens.push(token('tr_open', 'tr', 1));
      for (let i = 0; i < columns; i++) {
        const tag = section.kind === 'thead' ? 'th' : 'td';
        const cell = token(`${tag}_open`, tag, 1);
        const align = alignment[i] ?? 'default';
        if (align !== 'default') metaOf(cell).align = align;
        s.tokens.push(cell);
        const text = row[i];
        if (text !== undefined && text !== '') {
          const inline = token('inline', '', 0);
          inline.content = text;
          s.tokens.push(inline);
        }
        s.tokens.push(token(`${tag}_close`, tag, -1));
      }
      s.tokens.push(token('tr_close', 'tr', -1));
    }
    s.tokens.push(token(`${section.kind}_close`, section.kind, -1));
  }
  s.tokens.push(token('table_close', 'table', -1));
  const child = addBlock(s, { type: 'table', token: open, start });
  if (ial) setIal(child, ial);
  return true;
};
