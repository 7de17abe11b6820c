// Runs Debian's Jekyll (kramdown, kramdown-parser-gfm, Rouge) over test cases in one Ruby process
// (kramdown-reference.rb): the HTML the kramdown engine is compared with. Generated, never written by hand.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export interface ReferenceCase {
  readonly name: string;
  readonly kind: 'markdown' | 'highlight' | 'liquid-markdown' | 'smartify';
  readonly source: string;
  /** The `kramdown:` map (markdown cases). */
  readonly kramdown?: Readonly<Record<string, unknown>> | undefined;
  /** The highlight tag's language and linenos (highlight cases). */
  readonly lang?: string;
  readonly linenos?: boolean;
  /** The site's `highlighter` (rouge when absent). */
  readonly highlighter?: string | undefined;
}

const SCRIPT = path.join(import.meta.dirname, 'kramdown-reference.rb');

/** name → the HTML Jekyll writes. Throws with Ruby's message if Jekyll is missing or fails. */
export function referenceHtml(cases: readonly ReferenceCase[]): Map<string, string> {
  const run = spawnSync('ruby', [SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new Error(`ruby could not be run (Debian's ruby and jekyll are needed: scripts/install-debian-deps.sh test): ${run.error.message}`);
  if (run.status !== 0) throw new Error(`the kramdown reference failed (status ${run.status}): ${run.stderr}`);
  return new Map(Object.entries(JSON.parse(run.stdout) as Record<string, string>));
}
