// The posts folder's listing: which files match, with what the scanner compares (size, mtime), walked
// with the rules Jekyll and the symbolic-link policy set. Synchronous on purpose (sync calls are several
// times cheaper than callbacks), in slices the caller spaces out.
import fs, { type Dirent } from 'node:fs';
import path from 'node:path';
import { PostsDirError, problem, type Problem } from '../errors.js';
import { compareText } from '../order.js';
import type { ListedFile } from './scanned-file.js';

/** The folder and its include / exclude matchers (picomatch). */
export interface WalkOptions {
  readonly dir: string;
  readonly include: (path: string) => boolean;
  readonly exclude: (path: string) => boolean;
  /** Folders walked though their names say skip (a Jekyll site's `_posts`). */
  readonly enters?: ReadonlySet<string>;
}

// Jekyll's EntryFilter skips names starting with . _ # ~ and backups ending in ~; editors add swap
// files. (`_drafts` starts with `_`.) The file watcher ignores the same names.
export function isSkippedName(name: string): boolean {
  return /^[._#~]/.test(name) || name.endsWith('~') || /\.sw[a-p]$/.test(name);
}

// A slice of a walk stays within a few milliseconds.
const STATS_PER_SLICE = 500;

/**
 * Walks the posts folder in slices (it pauses every few hundred files). Symbolic links are followed only
 * to targets inside it. A link to a folder that the walk reaches anyway, or to one of its own parents, is
 * not followed, so each file is listed once. `first`: nothing to compare with, so no file is stat'ed (the
 * reader's open file tells its size and time). Problems, and sub-folders that cannot be read, are added
 * to the arrays given.
 */
export function* walkPosts(
  { dir, include, exclude, enters }: WalkOptions,
  first: boolean,
  problems: Problem[],
  unreadableDirs: string[],
): Generator<void, ListedFile[]> {
  let root: string;
  try {
    root = fs.realpathSync(dir);
    if (!fs.statSync(root).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (err) {
    throw new PostsDirError(`posts folder ${dir} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const skipped = (name: string): boolean => isSkippedName(name) && !enters?.has(name);
  const inside = (real: string): boolean => real === root || real.startsWith(root + path.sep);
  const walkedAnyway = (real: string): boolean => {
    const parts = path.relative(root, real).split(path.sep).filter(Boolean);
    return parts.every((name, i) => !skipped(name) && !exclude(parts.slice(0, i + 1).join('/')));
  };
  const out: ListedFile[] = [];
  let stats = 0;

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
      if (skipped(entry.name)) continue;
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

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
