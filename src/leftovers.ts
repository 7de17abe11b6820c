// What killed writers leave behind (a temp file, a half-made tree, a clone cut short), named after their
// pid: nothing else would ever remove them. One rule for every folder feedwright writes in: an entry goes
// once its writer is gone, never one of a live process, and only after it is proved inside the folder.
import fs from 'node:fs/promises';
import path from 'node:path';
import { removeOwned } from './owned-path.js';
import { isAlive } from './pid.js';

export interface LeftoverRule {
  /** The pid of the writer that made `name`, or undefined when `name` is not one this rule's writer makes. */
  readonly writer: (name: string) => number | undefined;
  /** Whether a leftover of a dead writer is still in use all the same (a tree a link points at). */
  readonly inUse?: (name: string) => Promise<boolean>;
}

/**
 * Removes from `folder` the entries whose writer is dead; resolves to the errors of those it could not
 * remove (the caller's own work succeeded all the same). This process's own entries are kept.
 */
export async function removeLeftovers(folder: string, rule: LeftoverRule): Promise<unknown[]> {
  const failures: unknown[] = [];
  const names = await fs.readdir(folder).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') failures.push(err);
    return [] as string[];
  });
  for (const name of names) {
    const pid = rule.writer(name);
    if (pid === undefined || !Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    // Asked after the liveness check: a dead writer has finished whatever it did (a swap), so this sees it.
    if (await rule.inUse?.(name).catch(() => true)) continue;
    await removeOwned(folder, path.join(folder, name)).catch((err: unknown) => void failures.push(err));
  }
  return failures;
}
