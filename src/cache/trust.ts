// Who may have written the cache: this user alone, as ssh judges ~/.ssh. The file's checksums find damage,
// not intent: whoever can write the folder could write a file whose checksums hold and have its bytes
// served. So the site's folder must be a real folder, and it and the file must be owned by the user the
// service runs as and writable by no group or other user; else the cache is not read (nor written) and
// the start is cold (docs/internals/warm-restarts.md says why no key is kept instead).
import type { Stats } from 'node:fs';

/** The user the service runs as, or undefined where there are no POSIX owners (Windows): then nothing is checked. */
export function currentUser(): number | undefined {
  return process.geteuid?.();
}

/**
 * Why the cache's folder (`lstat`'d) or file (`fstat`'d from its descriptor) is not to be trusted, or
 * undefined when it is. `uid`: the user who alone may write them.
 */
export function distrust(stat: Stats, what: 'folder' | 'file', uid: number | undefined): string | undefined {
  if (what === 'folder' && stat.isSymbolicLink()) return 'its folder is a symbolic link';
  if (what === 'folder' && !stat.isDirectory()) return 'its folder is not a folder';
  if (what === 'file' && !stat.isFile()) return 'it is not a regular file';
  if (uid === undefined) return undefined;
  if (stat.uid !== uid) return `its ${what} belongs to uid ${stat.uid}, not to the user the service runs as (uid ${uid})`;
  const writers = [stat.mode & 0o020 ? 'its group' : '', stat.mode & 0o002 ? 'every user' : ''].filter(Boolean).join(' and ');
  if (writers) return `its ${what} can be written by ${writers} (mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')}; chmod go-w fixes it)`;
  return undefined;
}
