// The file-system shell of the posts stage: list the posts folder, read what changed, parse it, and later
// hand back the bodies of the posts the feeds show. Synchronous on purpose: it runs in worker threads
// (src/triggers/post-workers.ts), where sync calls are several times cheaper than callbacks and block
// nothing that serves requests.
import { createHash } from 'node:crypto';
import fs, { type Dirent } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { PostsDirError, problem, type Problem } from '../errors.js';
import type { PostBody } from './post.js';
import { readPost, type ReadOptions, type ReadResult } from './read-post.js';

export interface ScanOptions {
  readonly dir: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly maxBytes: number;
  readonly read: ReadOptions;
}

/** One worker's share of the files: those whose path hashes to `index` of `count`. */
export interface Partition {
  readonly index: number;
  readonly count: number;
}

/** A file's parse result, without its body (bodies are fetched separately, only when a feed needs one). */
export type FileResult = Exclude<ReadResult, { kind: 'post' }> | (Omit<Extract<ReadResult, { kind: 'post' }>, 'body'>);

/** What changed since the previous scan: files added or changed, and paths gone. */
export interface ScanDelta {
  readonly changed: ReadonlyMap<string, FileResult>;
  readonly removed: readonly string[];
  /** Problems met while listing (symbolic links, unreadable folders and files); complete each time. */
  readonly listProblems: readonly Problem[];
  /** Files of this partition that matched the include patterns. */
  readonly files: number;
}

export interface BodyRequest {
  readonly path: string;
  readonly hash: string;
}

/** A body for a post, or why it is not available any more (the file changed or vanished since the scan). */
export type BodyAnswer = { readonly path: string; readonly hash: string; readonly body: PostBody; readonly stale: boolean } | { readonly path: string; readonly hash: string; readonly missing: true };

interface FileRecord {
  readonly size: number;
  readonly mtimeMs: number;
  readonly hash: string;
  readonly result: FileResult;
}

// Jekyll's EntryFilter skips names starting with . _ # ~ and backups ending in ~; editors add swap
// files. (`_drafts` starts with `_`.) The file watcher ignores the same names.
export function isSkippedName(name: string): boolean {
  return /^[._#~]/.test(name) || name.endsWith('~') || /\.sw[a-p]$/.test(name);
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** The partition a path belongs to: stable, so each worker keeps the same files and their cache. */
export function partitionOf(rel: string, count: number): number {
  if (count <= 1) return 0;
  let h = 2166136261;
  for (let i = 0; i < rel.length; i++) h = Math.imul(h ^ rel.charCodeAt(i), 16777619);
  return (h >>> 0) % count;
}

export class PostScanner {
  readonly #options: ScanOptions;
  readonly #partition: Partition;
  readonly #include: (p: string) => boolean;
  readonly #exclude: (p: string) => boolean;
  #records = new Map<string, FileRecord>();
  /** Bodies of the files read by the last scan, kept until the feeds have taken what they need. */
  #bodies = new Map<string, { hash: string; body: PostBody }>();

  constructor(options: ScanOptions, partition: Partition = { index: 0, count: 1 }) {
    this.#options = options;
    this.#partition = partition;
    this.#include = picomatch([...options.include], { dot: false });
    this.#exclude = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  }

  /** Lists the folder and parses every new or changed file. Throws PostsDirError when the folder is gone. */
  scan(): ScanDelta {
    const listProblems: Problem[] = [];
    const listed = this.#list(listProblems);
    const next = new Map<string, FileRecord>();
    const changed = new Map<string, FileResult>();
    this.#bodies = new Map();

    for (const file of listed) {
      const old = this.#records.get(file.rel);
      if (old && old.size === file.size && old.mtimeMs === file.mtimeMs) {
        next.set(file.rel, old);
        continue;
      }
      const record = this.#read(file, old, listProblems);
      if (!record) continue;
      next.set(file.rel, record);
      if (record !== old) changed.set(file.rel, record.result);
    }
    const removed = [...this.#records.keys()].filter((rel) => !next.has(rel));
    this.#records = next;
    return { changed, removed, listProblems, files: next.size };
  }

  /** Bodies for posts a feed shows: from the last scan when it read them, else read again. */
  bodies(requests: readonly BodyRequest[]): BodyAnswer[] {
    return requests.map(({ path: rel, hash }) => {
      const kept = this.#bodies.get(rel);
      if (kept && kept.hash === hash) return { path: rel, hash, body: kept.body, stale: false };
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(path.join(this.#options.dir, rel));
      } catch {
        return { path: rel, hash, missing: true };
      }
      const result = readPost({ path: rel, bytes, hash: hashBytes(bytes) }, this.#options.read);
      if (result.kind !== 'post') return { path: rel, hash, missing: true };
      // Changed since the scan: use what is there now; the caller rescans to catch up the metadata.
      return { path: rel, hash, body: result.body, stale: result.post.hash !== hash };
    });
  }

  /** Drops the bodies kept from the last scan once the feeds are built. */
  releaseBodies(): void {
    this.#bodies = new Map();
  }

  #read(file: Listed, old: FileRecord | undefined, problems: Problem[]): FileRecord | undefined {
    if (file.size > this.#options.maxBytes) {
      const result: FileResult = {
        kind: 'rejected',
        problems: [problem('FW_POST_TOO_LARGE', file.rel, `${file.size} bytes, the limit is ${this.#options.maxBytes}`)],
      };
      return { size: file.size, mtimeMs: file.mtimeMs, hash: '', result };
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file.abs);
    } catch (err) {
      // Deleted or made unreadable between listing and reading: reported, and not a post this time.
      problems.push(problem('FW_POST_UNREADABLE', file.rel, (err as NodeJS.ErrnoException).code ?? String(err)));
      return undefined;
    }
    const hash = hashBytes(bytes);
    // Touched but unchanged (a git checkout, a sync tool): keep the parsed result.
    if (old && old.hash === hash) return { ...old, size: bytes.length, mtimeMs: file.mtimeMs };
    const parsed = readPost({ path: file.rel, bytes, hash }, this.#options.read);
    if (parsed.kind === 'post') {
      this.#bodies.set(file.rel, { hash, body: parsed.body });
      const { body: _body, ...result } = parsed;
      return { size: bytes.length, mtimeMs: file.mtimeMs, hash, result };
    }
    return { size: bytes.length, mtimeMs: file.mtimeMs, hash, result: parsed };
  }

  /** Walks the folder; symbolic links are followed only to targets inside it, each folder once. */
  #list(problems: Problem[]): Listed[] {
    const { dir } = this.#options;
    let root: string;
    try {
      root = fs.realpathSync(dir);
      if (!fs.statSync(root).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch (err) {
      throw new PostsDirError(`posts folder ${dir} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    const mine = (rel: string): boolean => partitionOf(rel, this.#partition.count) === this.#partition.index;
    // Listing problems are reported by one partition only, so each is reported once.
    const reports = this.#partition.index === 0;
    const inside = (real: string): boolean => real === root || real.startsWith(root + path.sep);
    const seenDirs = new Set<string>([root]);
    const out: Listed[] = [];

    const walk = (absDir: string, relDir: string): void => {
      let entries: Dirent[];
      try {
        entries = fs.readdirSync(absDir, { withFileTypes: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? String(err);
        if (relDir === '') throw new PostsDirError(`posts folder ${dir} cannot be read (${code})`);
        if (reports) problems.push(problem('FW_POST_UNREADABLE', relDir, `folder: ${code}`));
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        if (isSkippedName(entry.name)) continue;
        const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
        const abs = path.join(absDir, entry.name);
        if (this.#exclude(rel)) continue;
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          let real: string;
          try {
            real = fs.realpathSync(abs);
          } catch (err) {
            if (reports && this.#include(rel)) problems.push(problem('FW_POST_SYMLINK_LOOP', rel, (err as NodeJS.ErrnoException).code ?? String(err)));
            continue;
          }
          if (!inside(real)) {
            if (reports) problems.push(problem('FW_POST_SYMLINK_OUTSIDE', rel, undefined, undefined, 'warning'));
            continue;
          }
          const stat = statOrUndefined(real);
          isDir = stat?.isDirectory() ?? false;
          isFile = stat?.isFile() ?? false;
          if (isDir) {
            if (seenDirs.has(real)) continue;
            seenDirs.add(real);
          }
        } else if (isDir) {
          seenDirs.add(abs);
        }
        if (isDir) {
          walk(abs, rel);
          continue;
        }
        if (!isFile || !this.#include(rel) || !mine(rel)) continue;
        const stat = statOrUndefined(abs);
        if (stat) out.push({ rel, abs, size: stat.size, mtimeMs: stat.mtimeMs });
        else problems.push(problem('FW_POST_UNREADABLE', rel, 'the file vanished while the folder was listed'));
      }
    };
    walk(root, '');
    return out;
  }
}

interface Listed {
  readonly rel: string;
  readonly abs: string;
  readonly size: number;
  readonly mtimeMs: number;
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
