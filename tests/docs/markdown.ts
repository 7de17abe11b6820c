// Reading the project's Markdown as the docs tests need it: the pages, their tables, headings (as the
// anchors a code host makes of them), links and fenced blocks. Text inside code is never a link.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/** README.md, CONTRIBUTING.md and every page under docs/, as paths from the root. */
export function markdownFiles(): string[] {
  const under = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? under(`${dir}/${e.name}`) : e.name.endsWith('.md') ? [`${dir}/${e.name}`] : [],
    );
  return ['README.md', 'CONTRIBUTING.md', ...under('docs').sort()];
}

export function read(file: string): string {
  return readFileSync(path.join(ROOT, file), 'utf8');
}

/** The text with every fenced block blanked (lines kept, so line numbers stay). */
function outsideFences(text: string): string {
  let fenced = false;
  return text
    .split('\n')
    .map((line) => {
      if (/^\s*```/.test(line)) {
        fenced = !fenced;
        return '';
      }
      return fenced ? '' : line;
    })
    .join('\n');
}

/** Fenced blocks with their info string (`yaml`, `sh`, `mermaid`…). */
export function fencedBlocks(text: string): { info: string; body: string }[] {
  return [...text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({ info: (m[1] ?? '').trim(), body: m[2] ?? '' }));
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a page has: its headings' (a repeated one gets -1, -2…). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of outsideFences(text).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(heading ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The targets of `[text](target)` links outside code. */
export function links(text: string): string[] {
  const prose = outsideFences(text).replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^()\s]+)\)/g)].map((m) => m[1] ?? '');
}

/** The rows of every table in the text, as cells (a `\|` inside a cell is a `|`). */
export function tableRows(text: string): string[][] {
  return outsideFences(text)
    .split('\n')
    .filter((line) => /^\|.*\|$/.test(line) && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, '|')),
    );
}

/** The text of the section under `## title` (or `### title`), up to the next heading of that level or above. */
export function section(text: string, title: string): string {
  const lines = text.split('\n');
  let fenced = false;
  let level = 0;
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = fenced ? undefined : /^(#{1,6}) (.+)$/.exec(line);
    if (level === 0) {
      if (heading && heading[2] === title) level = heading[1]?.length ?? 0;
      continue;
    }
    if (heading && (heading[1]?.length ?? 0) <= level) break;
    out.push(line);
  }
  if (level === 0) throw new Error(`no section "${title}"`);
  return out.join('\n');
}
