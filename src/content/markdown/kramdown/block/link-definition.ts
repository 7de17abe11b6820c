// `[id]: url "title"` (the title may sit on the next line; `<url>` may hold spaces). Ids match case-insensitively
// with runs of whitespace as one space; a later definition wins.
import { OPT_SPACE, sticky } from '../patterns.js';
import { addBlock, type BlockRule, matchAt } from '../state.js';

const START = sticky(
  `^${OPT_SPACE}\\[([^\\n\\]]+)\\]:[ \\t]*(?:<([^\\n]*?)>|([^\\n]*?[^ \\t\\r\\n\\f\\v][^\\n]*?))(?:(?:[ \\t]*?\\n|[ \\t]+?)[ \\t]*?(["'])([^\\n]+?)\\4)?[ \\t]*?\\n`,
);

/** kramdown's normalize_link_id. */
export function normalizeLinkId(id: string): string {
  return id.replace(/[ \t\r\n\f\v]+/g, ' ').toLowerCase();
}

export const linkDefinition: BlockRule = (s) => {
  const m = matchAt(START, s.src, s.pos);
  if (!m || /[ \t]+["']/.test(m[3] ?? '')) return false;
  s.pos += m[0].length;
  const eob = addBlock(s, { type: 'eob', value: 'link_def' });
  s.doc.linkDefs.set(normalizeLinkId(m[1] ?? ''), { url: m[2] ?? m[3] ?? '', title: m[5], eob });
  return true;
};
