// The posts folder's listing: which files match, with what the scanner compares (size, mtime), walked
// with the rules Jekyll and the symbolic-link policy set. Synchronous on purpose (sync calls are several
// times cheaper than callbacks), in slices the caller spaces out.
import fs, { type Dirent } from 'node:fs';
import path from 'node:path';
import { PostsDirError, problem, type Problem } from '../errors.js';
import { compareText } from '../order.js';
import picomatch from 'picomatch';
import { jekyllFolders, jekyllKind } from './jekyll-layout.js';
import type { ScanOptions } from './options.js';
import { openPath, type FileTable, type ListedFile } from './scanned-file.js';

/** The folder and its include / exclude matchers (picomatch). */
export interface WalkOptions {
  readonly dir: string;
  readonly include: (path: string) => boolean;
  readonly exclude: (path: string) => boolean;
  /** Folders walked though their names say skip (a Jekyll site's `_posts`). */
  readonly enters?: ReadonlySet<string>;
}

/** What a walk of the folder matches, as the config's posts section says (a helper thread makes them too). */
export type FolderRules = Pick<ScanOptions, 'dir' | 'include' | 'exclude' | 'layout' | 'drafts'>;

export function walkOptions(rules: FolderRules): WalkOptions {
  const included = picomatch([...rules.include], { dot: false });
  const { layout, drafts } = rules;
  return {
    dir: rules.dir,
    include: layout === 'jekyll' ? (p) => jekyllKind(p, drafts) !== undefined && included(p) : included,
    exclude: rules.exclude.length > 0 ? picomatch([...rules.exclude], { dot: true }) : () => false,
    ...(layout === 'jekyll' ? { enters: jekyllFolders(drafts) } : {}),
  };
}

/**
 * One of `parts` shares of a walk: every share lists the whole folder (its `readdir` calls are an eighth
 * of a walk's time), then stats its run of the files, the `part`-th of `parts` in the walk's order, the
 * rest of its table left NaN: the `stat` calls are three quarters of a walk, and they scale with cores as
 * long as the threads stat in different folders (every other file of the same folders was slower). Any
 * layout splits so, one big folder (a Jekyll `_posts/`) as well as many.
 */
export interface WalkShare {
  readonly part: number;
  readonly parts: number;
}

/** The run of a table's `count` files that `share` stats: [from, to). */
export function shareRun(count: number, share: WalkShare): readonly [from: number, to: number] {
  return [Math.floor((count * share.part) / share.parts), Math.floor((count * (share.part + 1)) / share.parts)];
}

/**
 * Every matching file with its size and mtime: what a warm start compares with the cache's (undefined if
 * a folder cannot be read); with `share`, only that share's run stat'ed (a file gone by then is NaN).
 */
export function* walkTable(options: WalkOptions, share?: WalkShare): Generator<void, FileTable | undefined> {
  const unreadableDirs: string[] = [];
  // Into columns as the walk goes: the files' objects die young (see FileSink).
  const paths: string[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  // With a share, where to stat each file: a link's target, else undefined (the root and the path).
  const targets: (string | undefined)[] = [];
  let root = '';
  yield* walkPosts(options, share !== undefined, { problems: [], unreadableDirs }, (file) => {
    paths.push(file.rel);
    sizes.push(file.size ?? Number.NaN);
    mtimes.push(file.mtimeMs ?? Number.NaN);
    if (share) {
      targets.push(file.target);
      root = file.root;
    }
  });
  if (unreadableDirs.length > 0) return undefined;
  if (share) {
    const [from, to] = shareRun(paths.length, share);
    for (let i = from; i < to; i++) {
      const target = targets[i];
      const stat = statOrUndefined(openPath({ rel: paths[i] as string, root, ...(target ? { target } : {}), size: undefined, mtimeMs: undefined }));
      sizes[i] = stat?.size ?? Number.NaN;
      mtimes[i] = stat?.mtimeMs ?? Number.NaN;
      if (i % STATS_PER_SLICE === STATS_PER_SLICE - 1) yield;
    }
  }
  return { paths, sizes: Float64Array.from(sizes), mtimes: Float64Array.from(mtimes) };
}

// Jekyll's EntryFilter skips names starting with . _ # ~ and backups ending in ~; editors add swap
// files. (`_drafts` starts with `_`.) The file watcher ignores the same names.
export function isSkippedName(name: string): boolean {
  return /^[._#~]/.test(name) || name.endsWith('~') || /\.sw[a-p]$/.test(name);
}

// A slice of a walk stays within a few milliseconds.
const STATS_PER_SLICE = 500;

/** A folder symbolic link the walk followed: its path, and its target's path (both relative to the root). */
export interface FollowedLink {
  readonly rel: string;
  readonly target: string;
}

/**
 * What a walk does with each file it lists. The scanner compares each with its record as it comes, so a
 * walk of unchanged files keeps none of them: held to the walk's end, a million files' objects outlived
 * the young generation and grew the old one by a hundred megabytes each walk, until a full collection.
 */
export type FileSink = (file: ListedFile) => void;

/** What a walk found besides the files: problems, folders it could not read, links it followed. */
export interface WalkNotes {
  readonly problems: Problem[];
  readonly unreadableDirs: string[];
  readonly links?: FollowedLink[];
}

/**
 * Walks the posts folder in slices (it pauses every few hundred files). Symbolic links are followed only
 * to targets inside it. A link to a folder that the walk reaches anyway, or to one of its own parents, is
 * not followed, so each file is listed once. `first`: nothing to compare with, so no file is stat'ed (the
 * reader's open file tells its size and time). Each file goes to `sink`, in the walk's order; problems,
 * and sub-folders that cannot be read, go to `notes`.
 */
export function* walkPosts(options: WalkOptions, first: boolean, notes: WalkNotes, sink: FileSink): Generator<void, void> {
  const walker = new Walker(options, first, notes, sink);
  yield* walker.walk(walker.root, '', [walker.root]);
}

/**
 * Lists only the paths named (relative to the root, `/`-separated; a folder is walked whole, and a folder
 * named with a trailing `/` only for its own files: `/` is the root's), by the rules of a full walk: a path
 * whose name the walk skips or excludes, or that is gone, lists nothing. A path whose folders include a
 * symbolic link is taken as it is named (the watcher names real paths; scan.ts maps the targets of
 * followed links back to their links). Files go to `sink`. Returns the paths whose every file went there
 * (folders walked whole, paths gone or not walked): records at or under them that were not listed are
 * gone. A folder that cannot be read is not among them.
 */
export function* walkPaths(options: WalkOptions, rels: Iterable<string>, notes: WalkNotes, sink: FileSink): Generator<void, string[]> {
  const walker = new Walker(options, false, notes, sink);
  const complete: string[] = [];
  for (const named of rels) {
    if (named.endsWith('/')) {
      const rel = named.slice(0, -1);
      const before = notes.unreadableDirs.length;
      const abs = rel === '' ? walker.root : walker.root + path.sep + rel.split('/').join(path.sep);
      const real = walker.folderAt(abs);
      if (real !== undefined) yield* walker.walk(abs, rel, [walker.root, real], true);
      if (notes.unreadableDirs.length === before) complete.push(named);
      continue;
    }
    const rel = named;
    const parts = rel.split('/');
    const walked = parts.every(
      (name, i) => name !== '' && name !== '.' && name !== '..' && !walker.skipped(name) && !options.exclude(parts.slice(0, i + 1).join('/')),
    );
    if (!walked) {
      complete.push(rel);
      continue;
    }
    const abs = walker.root + path.sep + parts.join(path.sep);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(abs);
    } catch {
      complete.push(rel);
      continue;
    }
    const name = parts.at(-1) as string;
    const dirRel = parts.slice(0, -1).join('/');
    const before = notes.unreadableDirs.length;
    if (stat.isDirectory()) yield* walker.walk(abs, rel, [walker.root, abs]);
    else {
      const entry = { name, isDirectory: () => false, isFile: () => stat.isFile(), isSymbolicLink: () => stat.isSymbolicLink() };
      yield* walker.entry(walker.root + (dirRel ? path.sep + parts.slice(0, -1).join(path.sep) : ''), dirRel, entry, [walker.root]);
    }
    // A folder that could not be read keeps what was read in it before.
    if (notes.unreadableDirs.length === before) complete.push(rel);
  }
  return complete;
}

/** One walk's state: the root, the rules, and what it found. */
class Walker {
  readonly root: string;
  readonly #options: WalkOptions;
  readonly #first: boolean;
  readonly #notes: WalkNotes;
  readonly #sink: FileSink;
  #stats = 0;

  constructor(options: WalkOptions, first: boolean, notes: WalkNotes, sink: FileSink) {
    const { dir } = options;
    try {
      this.root = fs.realpathSync(dir);
      if (!fs.statSync(this.root).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch (err) {
      throw new PostsDirError(`posts folder ${dir} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    this.#options = options;
    this.#first = first;
    this.#notes = notes;
    this.#sink = sink;
  }

  skipped(name: string): boolean {
    return isSkippedName(name) && !this.#options.enters?.has(name);
  }

  /**
   * The real path of the folder at `abs` if a whole walk lists its files: a folder, or a link to one
   * that the walk follows (a check names a followed link's folder by the link: its records are there).
   * Undefined for anything else, or nothing.
   */
  folderAt(abs: string): string | undefined {
    try {
      const stat = fs.lstatSync(abs);
      if (stat.isDirectory()) return abs;
      if (!stat.isSymbolicLink()) return undefined;
      const real = fs.realpathSync(abs);
      return this.#inside(real) && !this.#walkedAnyway(real) && fs.statSync(real).isDirectory() ? real : undefined;
    } catch {
      // Gone: so is every file it had.
      return undefined;
    }
  }

  #inside(real: string): boolean {
    return real === this.root || real.startsWith(this.root + path.sep);
  }

  #walkedAnyway(real: string): boolean {
    const parts = path.relative(this.root, real).split(path.sep).filter(Boolean);
    return parts.every((name, i) => !this.skipped(name) && !this.#options.exclude(parts.slice(0, i + 1).join('/')));
  }

  /**
   * `chain`: real paths of the folders from the root down to this one, to stop loops through links.
   * `shallow`: this folder's own files only, not its sub-folders'.
   */
  *walk(absDir: string, relDir: string, chain: readonly string[], shallow = false): Generator<void, void> {
    let entries: Dirent[];
    try {
      entries = fs.readdirSync(absDir, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      if (relDir === '') throw new PostsDirError(`posts folder ${this.#options.dir} cannot be read (${code})`);
      this.#notes.problems.push(problem('FW_POST_UNREADABLE', relDir, `folder: ${code}; what earlier rescans read in it stays published`));
      this.#notes.unreadableDirs.push(relDir);
      return;
    }
    entries.sort((a, b) => compareText(a.name, b.name));
    for (const entry of entries) {
      if (shallow && (entry.isDirectory() || entry.isSymbolicLink())) {
        // A link is a folder or a file: only what it points to says, and a file link is listed as a file.
        if (entry.isDirectory() || statOrUndefined(absDir + path.sep + entry.name)?.isDirectory() !== false) continue;
      }
      yield* this.entry(absDir, relDir, entry, chain);
    }
  }

  /** One entry of a folder: a file listed, a folder walked, a link followed or refused. */
  *entry(
    absDir: string,
    relDir: string,
    entry: Pick<Dirent, 'name' | 'isDirectory' | 'isFile' | 'isSymbolicLink'>,
    chain: readonly string[],
  ): Generator<void, void> {
    if (this.skipped(entry.name)) return;
    const { include, exclude } = this.#options;
    const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
    // absDir is the real root or joined from it, so it is normalised already: no path.join per file.
    const abs = absDir.endsWith(path.sep) ? absDir + entry.name : absDir + path.sep + entry.name;
    if (exclude(rel)) return;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    let target = abs;
    if (entry.isSymbolicLink()) {
      let real: string;
      try {
        real = fs.realpathSync(abs);
      } catch (err) {
        if (include(rel)) this.#notes.problems.push(problem('FW_POST_SYMLINK_LOOP', rel, (err as NodeJS.ErrnoException).code ?? String(err)));
        return;
      }
      if (!this.#inside(real)) {
        this.#notes.problems.push(problem('FW_POST_SYMLINK_OUTSIDE', rel, undefined, undefined, 'warning'));
        return;
      }
      const stat = statOrUndefined(real);
      isDir = stat?.isDirectory() ?? false;
      isFile = stat?.isFile() ?? false;
      if (isDir) {
        if (!this.#walkedAnyway(real) && !chain.includes(real)) {
          this.#notes.links?.push({ rel, target: path.relative(this.root, real).split(path.sep).join('/') });
          yield* this.walk(abs, rel, [...chain, real]);
        }
        return;
      }
      // Read through the target, which the reader opens without following links (read-file.ts).
      if (isFile) target = real;
    }
    if (isDir) {
      yield* this.walk(abs, rel, [...chain, path.join(chain.at(-1) ?? this.root, entry.name)]);
      return;
    }
    if (!isFile || !include(rel)) return;
    if (++this.#stats % STATS_PER_SLICE === 0) yield;
    const linked = target === abs ? undefined : target;
    if (this.#first) {
      this.#sink({ rel, root: this.root, ...(linked ? { target: linked } : {}), size: undefined, mtimeMs: undefined });
      return;
    }
    const stat = statOrUndefined(target);
    if (stat) this.#sink({ rel, root: this.root, ...(linked ? { target: linked } : {}), size: stat.size, mtimeMs: stat.mtimeMs });
    else this.#notes.problems.push(problem('FW_POST_UNREADABLE', rel, 'the file vanished while the folder was listed'));
  }
}

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
