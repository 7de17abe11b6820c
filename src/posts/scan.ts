// The posts folder as of the last scan, and what changed since: a scan is a listing (walk.ts), the
// reading of what is new or changed (post-reader.ts, by this thread or the pool's workers), then a delta.
// A listing walks the whole folder, or only the paths a watcher or a push named (`listPaths`): then a
// rescan costs what changed. The caller drives it in slices (src/sources/post-source.ts).
import { problem, type Problem } from '../errors.js';
import type { ScanOptions } from './options.js';
import { PostReader } from './post-reader.js';
import { compactOutcome, restamped } from './compact-record.js';
import { FILES_PER_YIELD, type FileRecord, type FileResult, type FileTable, type ListedFile, type ReadOutcome } from './scanned-file.js';
import { mediaChanged } from './media-files.js';
import { walkOptions, walkPaths, walkPosts, walkTable, type FollowedLink, type WalkOptions } from './walk.js';
import { LayeredMap } from '../layered-map.js';
import { cached } from '../memo.js';
import { runToEnd } from '../slices.js';

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
  /**
   * Files touched with their bytes the same (a git checkout, a sync tool): not changes, but their records
   * hold new times, which a warm cache must keep or every later start hashes them again.
   */
  readonly restamped: number;
}

/**
 * A listing of the folder: the files that must be read (new or changed), and what is known of the rest.
 * It is applied once. A whole listing's `kept` are the next records (undefined: every record as it was);
 * a listing of named paths (`partial`) names the paths gone instead.
 */
export interface Listing {
  readonly toRead: readonly ListedFile[];
  readonly kept: Map<string, FileRecord> | undefined;
  readonly problems: readonly Problem[];
  /** Whether every file listed had a record before (nothing new). */
  readonly allKnown: boolean;
  /** A listing of named paths only: the records gone at or under them. */
  readonly partial?: { readonly removed: readonly string[] };
}

/** The posts folder as of the last scan: lists it, and keeps per file what tells whether it changed. */
export class PostScanner {
  readonly #options: ScanOptions;
  readonly #walk: WalkOptions;
  readonly #reader: PostReader;
  #records = new LayeredMap<string, FileRecord>();
  /** The listing's problems as of the last scan (a partial listing replaces those of the paths it named). */
  #listProblems: readonly Problem[] = [];
  /** Folder links the last whole walk followed: a path named under a target is named under the link too. */
  #links: readonly FollowedLink[] = [];
  /**
   * The recorded paths of each folder (their parent's path): what a folder named by a watcher or a check
   * held, without a pass over every record (a check names a hundred folders: at 100,000 posts a pass each
   * held the event loop for over a second).
   */
  #folders = new Map<string, Set<string>>();
  /** Records of posts with files of their own (media.dir): a partial listing looks at those files too. */
  #withMedia = new Set<string>();
  /** The last folder `sample` named: the next starts after it. */
  #sampled: string | undefined;

  constructor(options: ScanOptions) {
    this.#options = options;
    this.#reader = new PostReader(options);
    this.#walk = walkOptions(options);
  }

  /**
   * Reads one file of a listing (as a helper thread would: see PostReader), its result made compact to be
   * kept (a helper's come through compactOutcome on this thread too: src/sources/post-source.ts).
   */
  read(file: ListedFile): ReadOutcome {
    return compactOutcome(file.rel, this.#reader.read(file));
  }

  /** Whether a scan has recorded anything yet (a listing of named paths needs a whole one first). */
  get empty(): boolean {
    return this.#records.size === 0;
  }

  /**
   * Lists the folder, and compares each file with what the last scan saw as the walk comes to it: only
   * the files to read are kept (see FileSink).
   */
  *list(): Generator<void, Listing> {
    const problems: Problem[] = [];
    const unreadableDirs: string[] = [];
    const links: FollowedLink[] = [];
    const records = this.#records;
    const toRead: ListedFile[] = [];
    // The records of the files listed unchanged: 8 bytes each, where the files' objects were a hundred.
    const same: FileRecord[] = [];
    let allKnown = true;
    // With nothing to compare with, every file is read, and the open file says its size and time.
    yield* walkPosts(this.#walk, records.size === 0, { problems, unreadableDirs, links }, (file) => {
      const old = records.get(file.rel);
      allKnown &&= old !== undefined;
      if (old && this.#unchanged(old, file)) same.push(old);
      else toRead.push(this.#toRead(file, old));
    });
    this.#links = links;
    // The common rescan: every file as it was (each file is listed once, so as many unchanged as there are
    // records are all of them). The records are kept as they are, not copied (100,000 inserts at 100,000
    // posts), since `apply` then has nothing to add to them.
    if (unreadableDirs.length === 0 && toRead.length === 0 && same.length === records.size) {
      return { toRead, kept: undefined, problems, allKnown: true };
    }
    const kept = new Map<string, FileRecord>();
    // A folder that cannot be read for a moment keeps what was read in it before, as a file does.
    for (const dir of unreadableDirs) {
      for (const [rel, old] of records) if (rel.startsWith(`${dir}/`)) kept.set(rel, old);
    }
    // Each record is its own object (made per file), so the records listed unchanged are found by identity,
    // keyed by the records' own strings rather than the walk's.
    const listedSame = yield* setOf(same);
    let n = 0;
    for (const [rel, old] of records) {
      if (listedSame.has(old)) kept.set(rel, old);
      if (++n % STEP === 0) yield;
    }
    return { toRead, kept, problems, allKnown };
  }

  /**
   * Lists only `paths` (relative to the folder; a folder's path lists all in it), as a watcher or a push
   * named them, and compares what is there with what the last scan saw: a file changed, added or gone at
   * or under a path named is found without walking the rest. Posts with files of their own (media.dir)
   * are looked at too. A path under the target of a folder link the last whole walk followed is also
   * looked at under the link.
   */
  *listPaths(paths: Iterable<string>): Generator<void, Listing> {
    const named = this.#named(paths);
    const records = this.#records;
    // Posts whose own files changed are read again, wherever those files are.
    for (const rel of this.#withMedia) if (!named.has(rel) && mediaChanged(records.get(rel)?.media, this.#options.read.mediaDir)) named.add(rel);
    const fresh: Problem[] = [];
    const toRead: ListedFile[] = [];
    const seen: FileRecord[] = [];
    let allKnown = true;
    const walked = narrowest(named);
    const complete = yield* walkPaths(this.#walk, walked, { problems: fresh, unreadableDirs: [] }, (file) => {
      const old = records.get(file.rel);
      allKnown &&= old !== undefined;
      if (old) seen.push(old);
      if (!old || !this.#unchanged(old, file)) toRead.push(this.#toRead(file, old));
    });
    const recorded = complete.flatMap((rel) => this.#recordsAt(rel));
    // Every path listed whole, and as many of their records listed as there are: none gone (each file
    // listed under a path is one of its records). A scheduled check names every folder in turn, and a set
    // of all it listed is what this spares. Otherwise the records not listed are gone, found by identity
    // (see list).
    let removed: string[] = [];
    if (complete.length !== walked.length || recorded.length !== seen.length) {
      const listed = yield* setOf(seen);
      // (A file named and its folder named too is recorded under both.)
      removed = [...new Set(recorded.filter((rel) => !listed.has(records.get(rel) as FileRecord)))];
    }
    // The listing's problems of the paths named are what this listing found there; the rest stay.
    const covered = (p: string): boolean =>
      [...named].some((rel) => (rel.endsWith('/') ? parentOf(p) === rel.slice(0, -1) : p === rel || p.startsWith(`${rel}/`)));
    const problems = [...this.#listProblems.filter((p) => !covered(p.path)), ...fresh];
    return { toRead, kept: undefined, problems, allKnown, partial: { removed } };
  }

  /** Whether a listed file is as its record says, its own files (media.dir) included. */
  #unchanged(old: FileRecord, file: ListedFile): boolean {
    return sameFile(old, file) && !mediaChanged(old.media, this.#options.read.mediaDir);
  }

  /**
   * Known files' folders in turn, each named for its own files (`a/b/`, the root's `/`), until they hold
   * `budget` files: a check that looks at every folder within a few calls, a share at a time. Empty
   * before a first scan.
   */
  sample(budget: number): string[] {
    const folders = [...this.#folders.keys()].sort();
    if (folders.length === 0) return [];
    const out: string[] = [];
    let files = 0;
    const last = this.#sampled;
    let at = last === undefined ? 0 : folders.findIndex((dir) => dir > last);
    if (at === -1) at = 0;
    for (let k = 0; k < folders.length && files < budget; k++) {
      const dir = folders[(at + k) % folders.length] as string;
      out.push(`${dir}/`);
      files += this.#folders.get(dir)?.size ?? 0;
      this.#sampled = dir;
    }
    return out;
  }

  /** The paths named, each also under every followed link whose target holds it. */
  #named(paths: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const raw of paths) {
      const rel = normalRel(raw);
      // A folder's own files (see sample): kept as named, with its trailing `/`.
      if (raw.endsWith('/') && !rel.split('/').includes('..')) {
        out.add(`${rel}/`);
        continue;
      }
      if (rel === '' || rel.split('/').includes('..')) continue;
      out.add(rel);
      for (const link of this.#links) {
        if (rel === link.target) out.add(link.rel);
        else if (rel.startsWith(`${link.target}/`)) out.add(link.rel + rel.slice(link.target.length));
      }
    }
    return out;
  }

  /** The recorded paths at or under `rel`: itself if a file, and those of every folder at or under it. */
  #recordsAt(rel: string): string[] {
    // A folder's own files only (see sample).
    if (rel.endsWith('/')) return [...(this.#folders.get(rel.slice(0, -1)) ?? [])];
    const out = this.#records.has(rel) ? [rel] : [];
    const prefix = `${rel}/`;
    for (const [dir, paths] of this.#folders) if (dir === rel || dir.startsWith(prefix)) out.push(...paths);
    return out;
  }

  /** A file to read: one whose bytes were hashed before is compared by hash first (a touch is not a change). */
  #toRead(file: ListedFile, old: FileRecord | undefined): ListedFile {
    // A file too large to read had no hash: it is read (and judged) again. So is a post whose own
    // files (media.dir) changed: its bytes may be the same, its record is not.
    const mediaMoved = mediaChanged(old?.media, this.#options.read.mediaDir);
    return old && old.hash !== '' && !mediaMoved ? { ...file, hash: old.hash } : file;
  }

  /**
   * The folder's files with their sizes and mtimes, as a FileTable (undefined if a folder in it cannot be
   * read): a warm start compares it with its cache's (sameFiles), before any record is at hand.
   */
  *table(): Generator<void, FileTable | undefined> {
    return yield* walkTable(this.#walk);
  }

  /** Takes in what reading `listing.toRead` gave (outcome i for file i), and says what changed. */
  apply(listing: Listing, outcomes: readonly ReadOutcome[]): ScanDelta {
    return runToEnd(this.applying(listing, outcomes));
  }

  /**
   * The same, yielding every few thousand files (run it with runSliced, to its end: it is not to be given
   * up midway): a cold start's million files were a second and a half in one piece.
   */
  *applying(listing: Listing, outcomes: readonly ReadOutcome[]): Generator<void, ScanDelta> {
    const before = this.#records;
    // A whole listing with no record before it (a first scan): every record it makes is a read's (a
    // touch or a brief failure needs an earlier one), so the records are the changes, handed on as their
    // view rather than a second map of every file (at a million ~30 MB, and the garbage of its growth,
    // beside the records at a cold start's peak).
    const allNew = before.size === 0 && listing.kept !== undefined;
    const changed = new Map<string, FileResult>();
    const problems = [...listing.problems];
    const { toRead } = listing;
    // The record of toRead[i], if one was made (a column beside the listing, not a pair per file).
    const read: (FileRecord | undefined)[] = [];
    let restamped = 0;
    for (let i = 0; i < toRead.length; i++) {
      const file = toRead[i] as ListedFile;
      const outcome = outcomes[i];
      if (!outcome) throw new Error(`no outcome for ${file.rel}`);
      const record = this.#record(file, outcome, problems);
      // Only what was read again is a change: a touched file with the same bytes keeps its result, and
      // one that could not be read for a moment its record (nothing downstream needs to know).
      if (record && outcome.kind === 'read' && !allNew) changed.set(file.rel, record);
      if (record && outcome.kind === 'same') restamped++;
      read.push(record);
      if (i % STEP === STEP - 1) yield;
    }
    let removed: string[] = [];
    if (listing.partial) {
      // Gone between the listing and the reading (no record made): gone as the paths the listing found gone.
      removed = [...listing.partial.removed, ...toRead.filter((file, i) => !read[i] && before.has(file.rel)).map((file) => file.rel)];
      for (const rel of removed) this.#forget(before, rel);
      toRead.forEach((file, i) => {
        const record = read[i];
        if (record) this.#remember(before, file.rel, record);
      });
    } else if (listing.kept) {
      // A whole listing that changed something: its records are the next ones (taken over, not copied).
      const next = LayeredMap.adopt(listing.kept);
      let n = 0;
      for (let i = 0; i < toRead.length; i++) {
        const record = read[i];
        if (record) next.set((toRead[i] as ListedFile).rel, record);
        if (++n % STEP === 0) yield;
      }
      // Nothing new and as many records as before: the same paths, none removed (no pass over them all).
      const same = listing.allKnown && next.size === before.size;
      removed = [];
      if (!same) {
        for (const rel of before.keys()) {
          if (!next.has(rel)) removed.push(rel);
          if (++n % STEP === 0) yield;
        }
      }
      this.#records = next;
      yield* this.#indexing(next);
    }
    this.#listProblems = listing.problems;
    return { changed: allNew ? this.#records.view() : changed, removed, listProblems: problems, files: this.#records.size, restamped };
  }

  /** Sets a record, keeping the folders' counts and the posts with files of their own. */
  #remember(records: LayeredMap<string, FileRecord>, rel: string, record: FileRecord): void {
    if (!records.has(rel)) this.#file(rel, true);
    records.set(rel, record);
    if (record.media?.length) this.#withMedia.add(rel);
    else this.#withMedia.delete(rel);
  }

  #forget(records: LayeredMap<string, FileRecord>, rel: string): void {
    if (records.delete(rel)) this.#file(rel, false);
    this.#withMedia.delete(rel);
  }

  /** Notes `rel` in (or out of) its folder's paths; a folder left with none is dropped. */
  #file(rel: string, there: boolean): void {
    const dir = parentOf(rel);
    if (there) {
      cached(this.#folders, dir, () => new Set<string>()).add(rel);
      return;
    }
    const paths = this.#folders.get(dir);
    if (paths?.delete(rel) && paths.size === 0) this.#folders.delete(dir);
  }

  /** Each folder's paths and the posts with files of their own, made again for new records. */
  *#indexing(records: LayeredMap<string, FileRecord>): Generator<void, void> {
    this.#folders = new Map();
    this.#withMedia = new Set();
    let n = 0;
    for (const [rel, record] of records) {
      this.#file(rel, true);
      if (record.media?.length) this.#withMedia.add(rel);
      if (++n % STEP === 0) yield;
    }
  }

  /**
   * Every file's record as of the last scan, never to change: the next scan changes the records, not
   * what this returned, so a caller may hold it while the next scan runs (the warm cache's writer).
   */
  records(): ReadonlyMap<string, FileRecord> {
    return this.#records.view();
  }

  /**
   * Takes over records a warm cache kept (made compact as they were decoded: cache/state-parts.ts): the
   * next scan stats the files and reads only what differs. A Map is taken as it is and never changed (the
   * cache holds it too, as what its file says, and journals what changes over it: cache/journal.ts);
   * anything else is copied.
   */
  restore(records: ReadonlyMap<string, FileRecord>): void {
    runToEnd(this.restoring(records));
  }

  /** The same, yielding every few thousand records (run it with runSliced). */
  *restoring(records: ReadonlyMap<string, FileRecord>): Generator<void, void> {
    this.#records = records instanceof Map ? LayeredMap.adopt(records as Map<string, FileRecord>, true) : new LayeredMap(records);
    yield* this.#indexing(this.#records);
  }

  /** The size of a file as last read (undefined when it has no record). */
  sizeOf(rel: string): number | undefined {
    return this.#records.get(rel)?.size;
  }

  /** Forgets every file, so that the next scan reports them all: a rescan that failed lost a delta. */
  reset(): void {
    this.#records = new LayeredMap();
    this.#folders = new Map();
    this.#withMedia = new Set();
    this.#listProblems = [];
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
    if (outcome.kind === 'same' && old) return restamped(old, outcome.size, outcome.mtimeMs);
    if (outcome.kind === 'same') throw new Error(`${file.rel}: no earlier record to compare with`);
    return outcome.record;
  }
}

/** The paths without those under another of them (a folder named is walked whole). */
function narrowest(paths: ReadonlySet<string>): string[] {
  const whole = [...paths].filter((p) => !p.endsWith('/')).sort();
  const out: string[] = [];
  for (const rel of whole) {
    const last = out.at(-1);
    if (last === undefined || !rel.startsWith(`${last}/`)) out.push(rel);
  }
  // A folder's own files, unless the folder or one above it is walked whole anyway.
  const walked = (own: string): boolean => out.some((rel) => own.startsWith(`${rel}/`));
  return [...out, ...[...paths].filter((p) => p.endsWith('/') && !walked(p))];
}

/** A named path as the records name it: `/` separators, no empty or `.` parts (`..` is kept, to be refused). */
function normalRel(raw: string): string {
  return raw
    .split(/[\\/]+/)
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}

/** The folder of a recorded path ('' for the root's files). */
function parentOf(rel: string): string {
  return rel.slice(0, Math.max(0, rel.lastIndexOf('/')));
}

/** Whether a listed file has the size and time its record was made with. */
function sameFile(old: FileRecord, file: ListedFile): boolean {
  return old.size === file.size && old.mtimeMs === file.mtimeMs;
}

const STEP = FILES_PER_YIELD;

/** The records in a set, yielding every few thousand (a million in one piece held the loop ~80 ms). */
function* setOf(records: readonly FileRecord[]): Generator<void, Set<FileRecord>> {
  const set = new Set<FileRecord>();
  for (let i = 0; i < records.length; i++) {
    set.add(records[i] as FileRecord);
    if (i % STEP === STEP - 1) yield;
  }
  return set;
}
