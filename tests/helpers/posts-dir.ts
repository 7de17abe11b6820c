// A temporary posts folder that tests write, edit and delete posts in.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PostSpec {
  readonly title?: string;
  readonly date?: string;
  readonly categories?: string | readonly string[];
  readonly tags?: string | readonly string[];
  readonly extra?: string;
  readonly body?: string;
}

export class PostsDir {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'fw-posts-'));
  #tick = 0;

  /** Writes raw text to `rel`, with an mtime that always moves forward (coarse file-system clocks). */
  write(rel: string, text: string | Uint8Array): string {
    const file = path.join(this.dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    const t = new Date(Date.UTC(2020, 0, 1) + ++this.#tick * 1000);
    utimesSync(file, t, t);
    return file;
  }

  /** Writes a post with front matter built from `spec`. */
  post(rel: string, spec: PostSpec = {}): string {
    const list = (v: string | readonly string[]): string => (typeof v === 'string' ? JSON.stringify(v) : `[${v.map((x) => JSON.stringify(x)).join(', ')}]`);
    const lines = ['---', `title: ${JSON.stringify(spec.title ?? 'Untitled')}`, `date: ${spec.date ?? '2024-03-01 10:00:00 +0800'}`];
    if (spec.categories !== undefined) lines.push(`categories: ${list(spec.categories)}`);
    if (spec.tags !== undefined) lines.push(`tags: ${list(spec.tags)}`);
    if (spec.extra) lines.push(spec.extra);
    lines.push('---', spec.body ?? `<p>${spec.title ?? 'Untitled'} body.</p>`);
    return this.write(rel, lines.join('\n'));
  }

  read(rel: string): string {
    return readFileSync(path.join(this.dir, rel), 'utf8');
  }

  remove(rel: string): void {
    rmSync(path.join(this.dir, rel), { force: true, recursive: true });
  }

  path(rel: string): string {
    return path.join(this.dir, rel);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
