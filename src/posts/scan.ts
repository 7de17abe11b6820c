// The file-system shell of the posts stage: list the posts folder, read what changed, parse it, and later
// hand back the bodies of the posts the feeds show. Synchronous on purpose, because sync calls are
// several times cheaper than callbacks: the main thread runs it in slices between requests, and a big
// scan's reading is shared with helper threads (src/triggers/post-source.ts).
import { hash as oneShot } from 'node:crypto';
import fs, { type Dirent } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { PostsDirError, problem, type Problem } from '../errors.js';
import type { PostBody } from './post.js';
import { FileReader } from './read-file.js';
import { postBody, readPost, type ReadOptions, type ReadResult } from './read-post.js';
import { compareText } from '../order.js';

export interface ScanOptions {
  readonly dir: string;
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  readonly maxBytes: number;
  readonly read: ReadOptions;
}

/** A file's parse result, without its body (bodies are fetched separately, only when a feed needs one). */
export type FileResult = Exclude<ReadResult, { kind: 'post' }> | (Omit<Extract<ReadResult, { kind: 'post' }>, 'body'>);

/** What changed since the previous scan: files added or changed, and paths gone. */
export interface ScanDelta {
  readonly changed: ReadonlyMap<string, FileResult>;
  readonly removed: readonly string[];
  /** Problems met while listing (symbolic links, unreadable folders and files); complete each time. */
  readonly listProblems: readonly Problem[];
  /** Files that matched the include patterns. */
  readonly files: number;
}

/** A file the listing found, with what the cache compares. */
export interface ListedFile {
  readonly rel: string;
  /** The path to open: the file's own, or for a symbolic link the target's (never opened through a link). */
  readonly abs: string;
  /** Undefined on a first scan, which reads every file anyway: the open file tells (no `stat` each). */
  readonly size: number | undefined;
  readonly mtimeMs: number | undefined;
  /** The hash of the bytes the last scan read, when it read the file. */
  readonly hash?: string;
}

/** What reading one file gave: its parse, or why it could not be read. */
export type ReadOutcome =
  | { readonly kind: 'read'; readonly size: number; readonly mtimeMs: number; readonly hash: string; readonly result: FileResult }
  /** The bytes hash to `ListedFile.hash`: touched, not changed (a git checkout, a sync tool); not parsed. */
  | { readonly kind: 'same'; readonly size: number; readonly mtimeMs: number }
  | { readonly kind: 'unreadable'; readonly code: string };

/**
 * A listing of the folder: the files that must be read (new or changed), and what is known of the rest.
 * It is applied once: `apply` takes `kept` over as the next records rather than copying them.
 */
export interface Listing {
  readonly toRead: readonly ListedFile[];
  readonly kept: Map<string, FileRecord>;
  readonly problems: readonly Problem[];
  /** Whether every file listed had a record before (nothing new). */
  readonly allKnown: boolean;
}

export interface BodyRequest {
  readonly path: string;
  readonly hash: string;
}

/** A body for a post, or why it is not available any more (the file changed or vanished since the scan). */
export type BodyAnswer = { readonly path: string; readonly hash: string; readonly body: PostBody; readonly stale: boolean } | { readonly path: string; readonly hash: string; readonly missing: true };

export interface FileRecord {
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

// A slice of a scan on the main thread stays within a few milliseconds.
const STATS_PER_SLICE = 500;
export const READS_PER_SLICE = 50;

/** Runs a sliced computation to its end at once (when nothing waits). */
export function finish<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

export function hashBytes(bytes: Uint8Array): string {
  // The one-shot form: a Hash object per file costs more than hashing a small file does.
  return oneShot('sha256', bytes, 'base64url');
}

/**
 * Reads and parses single files. Holds no state but a buffer, so any thread can read any file: the main
 * thread and helper threads share the reading of a big scan (src/triggers/helpers.ts).
 */
export class PostReader {
  readonly #options: Pick<ScanOptions, 'maxBytes' | 'read'>;
  /** One buffer every read goes into: a new one per file would cost more than the reading itself. */
  readonly #reader = new FileReader();

  constructor(options: Pick<ScanOptions, 'maxBytes' | 'read'>) {
    this.#options = options;
  }

  read(file: ListedFile): ReadOutcome {
    const { maxBytes } = this.#options;
    if (file.size !== undefined && file.mtimeMs !== undefined && file.size > maxBytes) return tooLarge(file.rel, file.size, file.mtimeMs, maxBytes);
    try {
      // A view of the shared buffer: valid until the next read, and nothing here keeps it longer.
      const read = this.#reader.read(file.abs, maxBytes);
      const { size, mtimeMs } = read;
      if (read.kind === 'too-large') return tooLarge(file.rel, size, mtimeMs, maxBytes);
      if (read.kind === 'not-a-file') return rejected(problem('FW_POST_NOT_A_FILE', file.rel, read.what), size, mtimeMs);
      const hash = hashBytes(read.bytes);
      if (hash === file.hash) return { kind: 'same', size, mtimeMs };
      try {
        const parsed = readPost({ path: file.rel, bytes: read.bytes, hash }, this.#options.read);
        if (parsed.kind === 'post') {
          const { body: _dropped, ...result } = parsed;
          return { kind: 'read', size, mtimeMs, hash, result };
        }
        return { kind: 'read', size, mtimeMs, hash, result: parsed };
      } catch (err) {
        // Whatever one file does (a stack overflow included) is that file's problem, never the rescan's.
        return rejected(problem('FW_POST_FAILED', file.rel, errorText(err)), size, mtimeMs, hash);
      }
    } catch (err) {
      return { kind: 'unreadable', code: (err as NodeJS.ErrnoException).code ?? errorText(err) };
    }
  }
}

function tooLarge(rel: string, size: number, mtimeMs: number, maxBytes: number): ReadOutcome {
  return rejected(problem('FW_POST_TOO_LARGE', rel, `${size} bytes, the limit is ${maxBytes}`), size, mtimeMs);
}

/** A file judged without a hash is judged again at its next read (see PostScanner.list). */
function rejected(p: Problem, size: number, mtimeMs: number, hash = ''): ReadOutcome {
  return { kind: 'read', size, mtimeMs, hash, result: { kind: 'rejected', problems: [p] } };
}

/** An error's message, short: it goes into a problem's reason. */
export function errorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Bodies for the posts a feed shows, read again: a scan keeps no bodies, so memory holds only what the
 * feeds need. A file that changed since the scan gives what it holds now, marked stale.
 */
export function readBodies(options: Pick<ScanOptions, 'dir' | 'read' | 'maxBytes'>, requests: readonly BodyRequest[]): BodyAnswer[] {
  const reader = new FileReader();
  let root: string | undefined;
  return requests.map(({ path: rel, hash }) => {
    let bytes: Buffer;
    try {
      const file = path.join(options.dir, rel);
      let read;
      try {
        read = reader.read(file, options.maxBytes, true);
      } catch (err) {
        // A post reached through a symbolic link: the link is followed only to a file inside the folder,
        // as the listing does, and that file is opened without following links again.
        if ((err as NodeJS.ErrnoException).code !== 'ELOOP') throw err;
        root ??= fs.realpathSync(options.dir);
        const real = fs.realpathSync(file);
        if (!real.startsWith(root + path.sep)) throw err;
        read = reader.read(real, options.maxBytes, true);
      }
      if (read.kind !== 'bytes') return { path: rel, hash, missing: true };
      bytes = read.bytes;
    } catch {
      return { path: rel, hash, missing: true };
    }
    const body = postBody({ path: rel, bytes }, options.read);
    if (!body) return { path: rel, hash, missing: true };
    return { path: rel, hash, body, stale: hashBytes(bytes) !== hash };
  });
}

/** The posts folder as of the last scan: lists it, and keeps per file what tells whether it changed. */
export class PostScanner {
  readonly #options: ScanOptions;
  readonly #include: (p: string) => boolean;
  readonly #exclude: (p: string) => boolean;
  readonly #reader: PostReader;
  #records = new Map<string, FileRecord>();

  constructor(options: ScanOptions) {
    this.#options = options;
    this.#reader = new PostReader(options);
    this.#include = picomatch([...options.include], { dot: false });
    this.#exclude = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  }

  /** Lists the folder and parses every new or changed file. Throws PostsDirError when the folder is gone. */
  scan(): ScanDelta {
    return finish(this.steps());
  }

  /**
   * `scan`, in slices: the generator pauses every few hundred files, so a caller on the main thread can
   * let requests through between slices (src/triggers/post-source.ts).
   */
  *steps(): Generator<void, ScanDelta> {
    const listing = yield* this.list();
    const outcomes: ReadOutcome[] = [];
    for (const file of listing.toRead) {
      if (outcomes.length > 0 && outcomes.length % READS_PER_SLICE === 0) yield;
      outcomes.push(this.read(file));
    }
    return this.apply(listing, outcomes);
  }

  /** Reads one file of a listing (as a helper thread would: see PostReader). */
  read(file: ListedFile): ReadOutcome {
    return this.#reader.read(file);
  }

  /** Lists the folder, and compares each file with what the last scan saw. */
  *list(): Generator<void, Listing> {
    const problems: Problem[] = [];
    const unreadableDirs: string[] = [];
    const listed = yield* this.#list(problems, unreadableDirs);
    // The common rescan: every file as it was. The records are kept as they are, not copied (100,000
    // inserts at 100,000 posts), since `apply` then has nothing to add to them.
    const records = this.#records;
    if (unreadableDirs.length === 0 && listed.length === records.size && listed.every((file) => unchanged(records.get(file.rel), file))) {
      return { toRead: [], kept: records, problems, allKnown: true };
    }
    const kept = new Map<string, FileRecord>();
    // A folder that cannot be read for a moment keeps what was read in it before, as a file does.
    for (const dir of unreadableDirs) {
      for (const [rel, old] of records) if (rel.startsWith(`${dir}/`)) kept.set(rel, old);
    }
    const toRead: ListedFile[] = [];
    let allKnown = true;
    for (const file of listed) {
      const old = records.get(file.rel);
      allKnown &&= old !== undefined;
      if (old && unchanged(old, file)) kept.set(file.rel, old);
      // A file too large to read had no hash: it is read (and judged) again.
      else toRead.push(old && old.hash !== '' ? { ...file, hash: old.hash } : file);
    }
    return { toRead, kept, problems, allKnown };
  }

  /** Takes in what reading `listing.toRead` gave (outcome i for file i), and says what changed. */
  apply(listing: Listing, outcomes: readonly ReadOutcome[]): ScanDelta {
    const next = listing.kept;
    const changed = new Map<string, FileResult>();
    const problems = [...listing.problems];
    listing.toRead.forEach((file, i) => {
      const outcome = outcomes[i];
      if (!outcome) throw new Error(`no outcome for ${file.rel}`);
      const record = this.#record(file, outcome, problems);
      if (!record) return;
      next.set(file.rel, record);
      // A touched file with the same bytes keeps its result: nothing downstream needs to know.
      if (record.result !== this.#records.get(file.rel)?.result) changed.set(file.rel, record.result);
    });
    // Nothing new and as many records as before: the same paths, none removed (no pass over them all).
    const same = listing.allKnown && next.size === this.#records.size;
    const removed = same ? [] : [...this.#records.keys()].filter((rel) => !next.has(rel));
    this.#records = next;
    return { changed, removed, listProblems: problems, files: next.size };
  }

  /** The size of a file as last read (undefined when it has no record). */
  sizeOf(rel: string): number | undefined {
    return this.#records.get(rel)?.size;
  }

  /** Forgets every file, so that the next scan reports them all: a rescan that failed lost a delta. */
  reset(): void {
    this.#records = new Map();
  }

  #record(file: ListedFile, outcome: ReadOutcome, problems: Problem[]): FileRecord | undefined {
    const old = this.#records.get(file.rel);
    if (outcome.kind === 'unreadable') {
      // Deleted between listing and reading: not a post this time. Unreadable for a moment (a sync tool
      // holding it, permissions being reset): the version read before stays, so no good post flickers out.
      if (old && outcome.code !== 'ENOENT') {
        problems.push(problem('FW_POST_UNREADABLE', file.rel, `${outcome.code}; the version read before is kept`, undefined, 'warning'));
        return old;
      }
      problems.push(problem('FW_POST_UNREADABLE', file.rel, outcome.code));
      return undefined;
    }
    // Touched but unchanged: the parsed result is kept, with the new size and time.
    if (outcome.kind === 'same' && old) return { ...old, size: outcome.size, mtimeMs: outcome.mtimeMs };
    if (outcome.kind === 'same') throw new Error(`${file.rel}: no earlier record to compare with`);
    return { size: outcome.size, mtimeMs: outcome.mtimeMs, hash: outcome.hash, result: outcome.result };
  }

  /**
   * Walks the folder. Symbolic links are followed only to targets inside it. A link to a folder that the
   * walk reaches anyway, or to one of its own parents, is not followed, so each file is listed once.
   */
  *#list(problems: Problem[], unreadableDirs: string[]): Generator<void, ListedFile[]> {
    const { dir } = this.#options;
    let root: string;
    try {
      root = fs.realpathSync(dir);
      if (!fs.statSync(root).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch (err) {
      throw new PostsDirError(`posts folder ${dir} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    const inside = (real: string): boolean => real === root || real.startsWith(root + path.sep);
    const walkedAnyway = (real: string): boolean => {
      const parts = path.relative(root, real).split(path.sep).filter(Boolean);
      return parts.every((name, i) => !isSkippedName(name) && !this.#exclude(parts.slice(0, i + 1).join('/')));
    };
    const out: ListedFile[] = [];
    let stats = 0;
    // With nothing to compare with, every file is read, and the open file says its size and time.
    const first = this.#records.size === 0;
    const exclude = this.#exclude;
    const include = this.#include;

    // `chain`: real paths of the folders from the root down to this one, to stop loops through links.
    function* walk(absDir: string, relDir: string, chain: readonly string[]): Generator<void, void> {
      let entries: Dirent[];
      try {
        entries = fs.readdirSync(absDir, { withFileTypes: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? String(err);
        if (relDir === '') throw new PostsDirError(`posts folder ${dir} cannot be read (${code})`);
        problems.push(problem('FW_POST_UNREADABLE', relDir, `folder: ${code}; what earlier rescans read in it stays published`));
        unreadableDirs.push(relDir);
        return;
      }
      entries.sort((a, b) => compareText(a.name, b.name));
      for (const entry of entries) {
        if (isSkippedName(entry.name)) continue;
        const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
        // absDir is the real root or joined from it, so it is normalised already: no path.join per file.
        const abs = absDir.endsWith(path.sep) ? absDir + entry.name : absDir + path.sep + entry.name;
        if (exclude(rel)) continue;
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        let target = abs;
        if (entry.isSymbolicLink()) {
          let real: string;
          try {
            real = fs.realpathSync(abs);
          } catch (err) {
            if (include(rel)) problems.push(problem('FW_POST_SYMLINK_LOOP', rel, (err as NodeJS.ErrnoException).code ?? String(err)));
            continue;
          }
          if (!inside(real)) {
            problems.push(problem('FW_POST_SYMLINK_OUTSIDE', rel, undefined, undefined, 'warning'));
            continue;
          }
          const stat = statOrUndefined(real);
          isDir = stat?.isDirectory() ?? false;
          isFile = stat?.isFile() ?? false;
          if (isDir) {
            if (!walkedAnyway(real) && !chain.includes(real)) yield* walk(abs, rel, [...chain, real]);
            continue;
          }
          // Read through the target, which the reader opens without following links (read-file.ts).
          if (isFile) target = real;
        }
        if (isDir) {
          yield* walk(abs, rel, [...chain, path.join(chain.at(-1) ?? root, entry.name)]);
          continue;
        }
        if (!isFile || !include(rel)) continue;
        if (++stats % STATS_PER_SLICE === 0) yield;
        if (first) {
          out.push({ rel, abs: target, size: undefined, mtimeMs: undefined });
          continue;
        }
        const stat = statOrUndefined(target);
        if (stat) out.push({ rel, abs: target, size: stat.size, mtimeMs: stat.mtimeMs });
        else problems.push(problem('FW_POST_UNREADABLE', rel, 'the file vanished while the folder was listed'));
      }
    }
    yield* walk(root, '', [root]);
    return out;
  }
}

/** Whether a listed file has the size and time its record was made with. */
function unchanged(old: FileRecord | undefined, file: ListedFile): boolean {
  return old !== undefined && old.size === file.size && old.mtimeMs === file.mtimeMs;
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
