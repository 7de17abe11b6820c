// The file-system shell of the posts stage: list the posts folder, read what changed, parse it.
// Unchanged files (same size and mtime, or same bytes) keep their parsed result from the last scan.
import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { PostsDirError, problem, type Problem } from '../errors.js';
import type { Post } from './post.js';
import { readPost, type ReadOptions, type ReadResult } from './read-post.js';

export interface ScanOptions {
  readonly dir: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly maxBytes: number;
  readonly read: ReadOptions;
}

/** What a scan remembers of a file to know, next time, whether it changed. */
export interface FileRecord {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  readonly result: ReadResult;
}

export interface ScanResult {
  readonly posts: readonly Post[];
  readonly problems: readonly Problem[];
  /** Files matched: posts, drafts, rejected ones. */
  readonly files: number;
  /** Drafts and `published: false`. */
  readonly excluded: number;
  /** Files whose bytes were read and parsed this time. */
  readonly parsed: number;
  readonly cache: ReadonlyMap<string, FileRecord>;
}

interface Listed {
  readonly rel: string;
  readonly abs: string;
  readonly size: number;
  readonly mtimeMs: number;
}

// Jekyll's EntryFilter skips names starting with . _ # ~ and backups ending in ~; editors add swap files.
// (`_drafts` starts with `_`.)
export function isSkippedName(name: string): boolean {
  return /^[._#~]/.test(name) || name.endsWith('~') || /\.sw[a-p]$/.test(name);
}

const IO_CONCURRENCY = 64;

export async function scanPosts(options: ScanOptions, cache?: ReadonlyMap<string, FileRecord>): Promise<ScanResult> {
  const problems: Problem[] = [];
  const listed = await listFiles(options, problems);
  const next = new Map<string, FileRecord>();
  let parsed = 0;

  await forEachLimited(listed, IO_CONCURRENCY, async (file) => {
    const old = cache?.get(file.rel);
    if (old && old.size === file.size && old.mtimeMs === file.mtimeMs) {
      next.set(file.rel, old);
      return;
    }
    if (file.size > options.maxBytes) {
      const result: ReadResult = {
        kind: 'rejected',
        problems: [problem('FW_POST_TOO_LARGE', file.rel, `${file.size} bytes, the limit is ${options.maxBytes}`)],
      };
      next.set(file.rel, { size: file.size, mtimeMs: file.mtimeMs, hash: '', result });
      return;
    }
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file.abs);
    } catch (err) {
      // Deleted or made unreadable between listing and reading: report it; it is not a post this time.
      problems.push(problem('FW_POST_UNREADABLE', file.rel, (err as NodeJS.ErrnoException).code ?? String(err)));
      return;
    }
    const hash = createHash('sha256').update(bytes).digest('base64url');
    // Touched but unchanged (a git checkout, a sync tool): keep the parsed result.
    const result = old && old.hash === hash ? old.result : readPost({ path: file.rel, bytes, hash }, options.read);
    if (result !== old?.result) parsed++;
    next.set(file.rel, { size: bytes.length, mtimeMs: file.mtimeMs, hash, result });
  });

  // Results in path order, so that problems and posts come out the same on every run.
  const sorted = [...next.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const posts: Post[] = [];
  let excluded = 0;
  for (const [, record] of sorted) {
    problems.push(...record.result.problems);
    if (record.result.kind === 'post') posts.push(record.result.post);
    else if (record.result.kind === 'excluded') excluded++;
  }
  problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  return { posts, problems, files: sorted.length, excluded, parsed, cache: next };
}

/** Walks the folder. Symbolic links are followed only to targets inside it, each folder once. */
async function listFiles(options: ScanOptions, problems: Problem[]): Promise<Listed[]> {
  let root: string;
  try {
    root = await fs.realpath(options.dir);
    if (!(await fs.stat(root)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new PostsDirError(`posts folder ${options.dir} cannot be read (${code})`);
  }
  const include = picomatch([...options.include], { dot: false });
  const exclude = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  const inside = (real: string): boolean => real === root || real.startsWith(root + path.sep);
  const seenDirs = new Set<string>([root]);
  const out: Listed[] = [];

  const walk = async (absDir: string, relDir: string, isRoot: boolean): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(absDir, { withFileTypes: true });
    } catch (err) {
      // The root going away mid-scan is the caller's business; a sub-folder is one problem.
      if (isRoot) throw new PostsDirError(`posts folder ${options.dir} cannot be read (${(err as NodeJS.ErrnoException).code})`);
      problems.push(problem('FW_POST_UNREADABLE', relDir, `folder: ${(err as NodeJS.ErrnoException).code ?? String(err)}`));
      return;
    }
    const subdirs: Promise<void>[] = [];
    await forEachLimited(entries, IO_CONCURRENCY, async (entry) => {
      if (isSkippedName(entry.name)) return;
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      const abs = path.join(absDir, entry.name);
      if (exclude(rel)) return;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let real: string;
        try {
          real = await fs.realpath(abs);
        } catch (err) {
          if (include(rel)) problems.push(problem('FW_POST_SYMLINK_LOOP', rel, (err as NodeJS.ErrnoException).code ?? String(err)));
          return;
        }
        if (!inside(real)) {
          problems.push(problem('FW_POST_SYMLINK_OUTSIDE', rel, undefined, undefined, 'warning'));
          return;
        }
        const stat = await fs.stat(real).catch(() => undefined);
        isDir = stat?.isDirectory() ?? false;
        isFile = stat?.isFile() ?? false;
        if (isDir) {
          if (seenDirs.has(real)) return;
          seenDirs.add(real);
        }
      } else if (isDir) {
        seenDirs.add(abs);
      }
      if (isDir) {
        subdirs.push(walk(abs, rel, false));
        return;
      }
      if (!isFile || !include(rel)) return;
      try {
        const stat = await fs.stat(abs);
        out.push({ rel, abs, size: stat.size, mtimeMs: stat.mtimeMs });
      } catch (err) {
        problems.push(problem('FW_POST_UNREADABLE', rel, (err as NodeJS.ErrnoException).code ?? String(err)));
      }
    });
    await Promise.all(subdirs);
  };
  await walk(root, '', true);
  return out;
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
