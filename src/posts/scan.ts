// The posts folder as of the last scan, and what changed since: a scan is a listing (walk.ts), the
// reading of what is new or changed (post-reader.ts, by this thread or the pool's workers), then a delta.
// The caller drives it in slices (src/rescan/post-source.ts).
import picomatch from 'picomatch';
import { problem, type Problem } from '../errors.js';
import type { ScanOptions } from './options.js';
import { PostReader } from './post-reader.js';
import type { FileRecord, FileResult, FileTable, ListedFile, ReadOutcome } from './scanned-file.js';
import { jekyllFolders, jekyllKind } from './jekyll-layout.js';
import { mediaChanged } from './media-files.js';
import { walkPosts, type WalkOptions } from './walk.js';

/** Files read per slice on the main thread, and per chunk handed to a worker. */
export const READS_PER_SLICE = 50;

/** What changed since the previous scan: files added or changed, and paths gone. */
export interface ScanDelta {
  readonly changed: ReadonlyMap<string, FileResult>;
  readonly removed: readonly string[];
  /** Problems met while listing (symbolic links, unreadable folders and files); complete each time. */
  readonly listProblems: readonly Problem[];
  /** Files that matched the include patterns. */
  readonly files: number;
}

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

/** The posts folder as of the last scan: lists it, and keeps per file what tells whether it changed. */
export class PostScanner {
  readonly #options: ScanOptions;
  readonly #include: (p: string) => boolean;
  readonly #exclude: (p: string) => boolean;
  readonly #enters: ReadonlySet<string> | undefined;
  readonly #reader: PostReader;
  #records = new Map<string, FileRecord>();

  constructor(options: ScanOptions) {
    this.#options = options;
    this.#reader = new PostReader(options);
    const included = picomatch([...options.include], { dot: false });
    const { layout, drafts } = options;
    this.#include = layout === 'jekyll' ? (p) => jekyllKind(p, drafts) !== undefined && included(p) : included;
    this.#enters = layout === 'jekyll' ? jekyllFolders(drafts) : undefined;
    this.#exclude = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  }

  /** Reads one file of a listing (as a helper thread would: see PostReader). */
  read(file: ListedFile): ReadOutcome {
    return this.#reader.read(file);
  }

  /** Lists the folder, and compares each file with what the last scan saw. */
  *list(): Generator<void, Listing> {
    const problems: Problem[] = [];
    const unreadableDirs: string[] = [];
    // With nothing to compare with, every file is read, and the open file says its size and time.
    const listed = yield* walkPosts(this.#matchers(), this.#records.size === 0, problems, unreadableDirs);
    // The common rescan: every file as it was. The records are kept as they are, not copied (100,000
    // inserts at 100,000 posts), since `apply` then has nothing to add to them.
    const records = this.#records;
    const unchanged = (old: FileRecord | undefined, file: ListedFile): boolean => sameFile(old, file) && !mediaChanged(old?.media, this.#options.read.mediaDir);
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
      const mediaMoved = mediaChanged(old?.media, this.#options.read.mediaDir);
      if (old && sameFile(old, file) && !mediaMoved) kept.set(file.rel, old);
      // A file too large to read had no hash: it is read (and judged) again. So is a post whose own
      // files (media.dir) changed: its bytes may be the same, its record is not.
      else toRead.push(old && old.hash !== '' && !mediaMoved ? { ...file, hash: old.hash } : file);
    }
    return { toRead, kept, problems, allKnown };
  }

  /**
   * The folder's files with their sizes and mtimes, as a FileTable (undefined if a folder in it cannot be
   * read): a warm start compares it with its cache's (sameFiles), before any record is at hand.
   */
  *table(): Generator<void, FileTable | undefined> {
    const unreadableDirs: string[] = [];
    const listed = yield* walkPosts(this.#matchers(), false, [], unreadableDirs);
    if (unreadableDirs.length > 0) return undefined;
    const sizes = new Float64Array(listed.length);
    const mtimes = new Float64Array(listed.length);
    listed.forEach((file, i) => {
      sizes[i] = file.size ?? Number.NaN;
      mtimes[i] = file.mtimeMs ?? Number.NaN;
    });
    return { paths: listed.map((file) => file.rel), sizes, mtimes };
  }

  #matchers(): WalkOptions {
    return { dir: this.#options.dir, include: this.#include, exclude: this.#exclude, ...(this.#enters ? { enters: this.#enters } : {}) };
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

  /**
   * Every file's record as of the last scan. The map is never changed once a scan has applied it (the
   * next scan makes a new one, or keeps it whole), so a caller may hold it while the next scan runs.
   */
  records(): ReadonlyMap<string, FileRecord> {
    return this.#records;
  }

  /** Takes over records a warm cache kept: the next scan stats the files and reads only what differs. */
  restore(records: ReadonlyMap<string, FileRecord>): void {
    this.#records = new Map(records);
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
    return { size: outcome.size, mtimeMs: outcome.mtimeMs, hash: outcome.hash, result: outcome.result, ...(outcome.media ? { media: outcome.media } : {}) };
  }
}

/** Whether a listed file has the size and time its record was made with. */
function sameFile(old: FileRecord | undefined, file: ListedFile): boolean {
  return old !== undefined && old.size === file.size && old.mtimeMs === file.mtimeMs;
}
