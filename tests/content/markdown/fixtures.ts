// The fixture cases: tests/content/markdown/fixtures/*.md, one file per construct, each a post body as Jekyll
// reads it. A file may start with front matter holding a `kramdown:` map and a `highlighter:` (the site's), the
// options it is rendered with.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

export const FIXTURES = path.join(import.meta.dirname, 'fixtures');

export interface Fixture {
  readonly name: string;
  readonly source: string;
  readonly kramdown: Readonly<Record<string, unknown>> | undefined;
  /** The site's `highlighter` (front matter `highlighter:`), when the fixture sets one. */
  readonly highlighter: string | undefined;
}

export function fixtures(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(FIXTURES, file), 'utf8');
      const fm = /^---\n([\s\S]*?)\n---\n/.exec(text);
      const options = fm ? (yaml.load(fm[1] ?? '') as { kramdown?: Record<string, unknown>; highlighter?: string } | null) : null;
      return { name: file.replace(/\.md$/, ''), source: fm ? text.slice(fm[0].length) : text, kramdown: options?.kramdown, highlighter: options?.highlighter };
    });
}
