// Posts from a git repository (posts.git): a checkout of one branch in the cache folder, cloned at start and
// brought to the remote branch's head before each rescan a push or the schedule asks for. Through the `git`
// command (Debian's git): it already speaks every transport and credential helper people use. Each command
// is bounded (git-command.ts) and gets the URL without credentials (git-env.ts has them).
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config/schema.js';
import { GitError, problem } from '../../errors.js';
import { removeOwned, renameOwned } from '../../owned-path.js';
import { removeLeftovers } from '../../leftovers.js';
import { redactUrl, splitUserinfo, type SplitUrl } from '../../secrets.js';
import { runGit } from './command.js';
import { gitEnv } from './env.js';
import type { Prepare } from '../post-source.js';

export interface GitOptions {
  /** As configured: it may hold a user name and password, which only git-env.ts passes on. */
  readonly url: string;
  readonly branch: string;
  /** The checkout's folder (config: posts.git.checkout), inside the cache folder's `git/`. */
  readonly dir: string;
  /** Where an older version kept this checkout (config: posts.git.formerCheckout): moved to `dir`. */
  readonly formerDir?: string;
  /** Commits fetched; 0: the whole history. */
  readonly depth: number;
  /** How long one git command may run (posts.git.timeoutSeconds). */
  readonly timeoutMs: number;
  /** The environment git runs in, before git-env.ts adds to it. Default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Where the checkout stands, for /status. */
export interface GitStatus {
  /** Without credentials or query values (secrets.ts). */
  readonly url: string;
  readonly branch: string;
  readonly commit: string | undefined;
  /** When the last fetch succeeded (ms since the epoch). */
  readonly fetchedAt: number | undefined;
  /** The first line of the last failure's message, until a fetch succeeds again. */
  readonly error: string | undefined;
  /** What git is doing now. */
  readonly activity: 'cloning' | 'fetching' | undefined;
  /** Clones or fetches that failed in a row. */
  readonly failures: number;
  /** When the next attempt is due, after a failure (ms since the epoch). */
  readonly retryAt: number | undefined;
}

const TIMEOUT_SETTING = 'posts.git.timeoutSeconds';

export class GitCheckout {
  readonly #options: GitOptions;
  readonly #remote: SplitUrl;
  readonly #env: NodeJS.ProcessEnv;
  #commit: string | undefined;
  #fetchedAt: number | undefined;
  #error: string | undefined;
  #activity: GitStatus['activity'];
  #failures = 0;
  #retryAt: number | undefined;
  /** One git operation at a time; a trigger during one waits for it and then fetches again. */
  #busy: Promise<unknown> = Promise.resolve();

  constructor(options: GitOptions) {
    this.#options = options;
    this.#remote = splitUserinfo(options.url);
    // A stall is git's to notice first (half the timeout), with its own message; the timeout is the backstop.
    this.#env = gitEnv(options.env ?? process.env, { remote: this.#remote, stallSeconds: options.timeoutMs / 2000 });
  }

  get status(): GitStatus {
    return {
      url: redactUrl(this.#remote.url),
      branch: this.#options.branch,
      commit: this.#commit,
      fetchedAt: this.#fetchedAt,
      error: this.#error,
      activity: this.#activity,
      failures: this.#failures,
      retryAt: this.#retryAt,
    };
  }

  /** Notes when the next attempt is due (undefined: none is planned), for /status. */
  retryingAt(at: number | undefined): void {
    this.#retryAt = at;
  }

  /** Throws GitError when the git command is not there: no retry can help that. */
  async requireGit(): Promise<void> {
    try {
      await runGit(['--version'], { env: this.#env, timeoutMs: this.#options.timeoutMs });
    } catch {
      throw new GitError('posts.git needs the git command, which is not installed (Debian: apt-get install git)');
    }
  }

  /**
   * Makes sure a checkout of this repository is there: the one a previous run left (`found`), or a new
   * clone. A failed clone throws GitError with git's first line (a stop: the signal's reason) and leaves
   * no half-made folder.
   */
  async open(signal?: AbortSignal): Promise<'found' | 'cloned'> {
    // In turn with fetches: a rescan a webhook asked for meanwhile may be cloning too.
    const run = this.#busy.then(async () => ((await this.#recognise()) ? 'found' : this.#clone(signal).then(() => 'cloned' as const)));
    this.#busy = run.catch(() => undefined);
    try {
      const opened = await run;
      if (opened === 'cloned') this.#succeeded();
      return opened;
    } catch (err) {
      // A stop, or a path that is not ours to remove (owned-path.ts): not a failure to retry.
      if (signal?.aborted || !(err instanceof GitError)) throw err;
      this.#failed(err);
      throw new GitError(`posts.git: cannot clone ${this.status.url} (branch ${this.#options.branch}): ${this.#error}`);
    }
  }

  /**
   * Brings the checkout to the remote branch's head (reset, so a force-push is followed too). A failure
   * leaves the checkout as it was and is returned as its first line: the posts read before stay served.
   * With `signal` aborted, git is stopped and the answer is an error that says so.
   */
  update(signal?: AbortSignal): Promise<{ commit: string; changed?: readonly string[] } | { error: string }> {
    const next = this.#busy.then(() => this.#update(signal));
    this.#busy = next.catch(() => undefined);
    return next;
  }

  /**
   * `changed`: the files the update changed (relative to the checkout, `/`-separated): git's diff of the
   * two commits' trees, exact after a force-push too, and the untracked files the clean removed. Absent
   * when git cannot tell (a fresh clone, an old commit no longer there): the caller looks at everything.
   */
  async #update(signal: AbortSignal | undefined): Promise<{ commit: string; changed?: readonly string[] } | { error: string }> {
    const { dir, branch, depth } = this.#options;
    try {
      let changed: readonly string[] | undefined;
      if (!existsSync(path.join(dir, '.git'))) await this.#clone(signal);
      else {
        this.#activity = 'fetching';
        const before = this.#commit ?? (await this.#head().catch(() => undefined));
        await this.#git(
          ['fetch', '--no-tags', ...(depth > 0 ? [`--depth=${depth}`] : []), 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`],
          signal,
        );
        await this.#git(['reset', '--hard', '--quiet', `refs/remotes/origin/${branch}`], signal);
        // What the clean below removes: files nobody should have added, named so that a rescan drops them too.
        const untracked = await this.#git(['ls-files', '-z', '--others', '--exclude-standard', '--directory'], signal).then(nulSeparated, () => undefined);
        // Files the branch no longer has (and nobody should have added) go, so a deleted post is deleted.
        await this.#git(['clean', '-d', '--force', '--quiet'], signal);
        this.#commit = await this.#head();
        const diff =
          before === undefined
            ? undefined
            : before === this.#commit
              ? []
              : await this.#git(['diff', '--name-only', '-z', '--no-renames', before, this.#commit], signal).then(nulSeparated, () => undefined);
        changed = diff && untracked ? [...diff, ...untracked.map((p) => p.replace(/\/$/, ''))] : undefined;
      }
      this.#succeeded();
      return { commit: this.#commit as string, ...(changed ? { changed } : {}) };
    } catch (err) {
      if (signal?.aborted) return { error: 'stopped: the service is shutting down' };
      this.#failed(err);
      return { error: this.#error as string };
    } finally {
      this.#activity = undefined;
    }
  }

  /**
   * Whether the folder holds a checkout of this repository. One made by an older version is taken over:
   * moved from where it was named after the whole URL, and its remote URL (which held the credentials)
   * rewritten to the clean one.
   */
  async #recognise(): Promise<boolean> {
    const { dir, formerDir, url } = this.#options;
    const root = path.dirname(dir);
    await fs.mkdir(root, { recursive: true });
    await this.#removeStaleClones(root);
    if (!existsSync(path.join(dir, '.git')) && formerDir && existsSync(path.join(formerDir, '.git'))) await renameOwned(root, formerDir, dir);
    if (!existsSync(path.join(dir, '.git'))) return false;
    const remote = await this.#git(['config', '--get', 'remote.origin.url']).then(
      (out) => out.trim(),
      () => undefined,
    );
    if (remote !== this.#remote.url && remote !== url) return false;
    if (remote !== this.#remote.url) await this.#git(['config', 'remote.origin.url', this.#remote.url]);
    this.#commit = await this.#head();
    return true;
  }

  /** Into a sibling folder first, then renamed: a clone cut short never passes for a checkout. */
  async #clone(signal: AbortSignal | undefined): Promise<void> {
    const { dir, branch, depth } = this.#options;
    // Every checkout lives in one folder of the cache's; nothing outside it is ever removed.
    const root = path.dirname(dir);
    await fs.mkdir(root, { recursive: true });
    const temp = `${dir}.clone-${process.pid}`;
    await removeOwned(root, temp);
    this.#activity = 'cloning';
    try {
      await runGit(
        ['clone', '--quiet', '--no-tags', '--single-branch', '--branch', branch, ...(depth > 0 ? [`--depth=${depth}`] : []), '--', this.#remote.url, temp],
        {
          env: this.#env,
          timeoutMs: this.#options.timeoutMs,
          timeoutSetting: TIMEOUT_SETTING,
          ...(signal ? { signal } : {}),
        },
      );
      await removeOwned(root, dir);
      await renameOwned(root, temp, dir);
    } catch (err) {
      await removeOwned(root, temp);
      throw err;
    } finally {
      this.#activity = undefined;
    }
    this.#commit = await this.#head();
  }

  /** Clones that a killed process left (`<dir>.clone-<pid>`): removed once that process is gone. */
  async #removeStaleClones(root: string): Promise<void> {
    const prefix = `${path.basename(this.#options.dir)}.clone-`;
    await removeLeftovers(root, { writer: (name) => (name.startsWith(prefix) ? Number(name.slice(prefix.length)) : undefined) });
  }

  #succeeded(): void {
    this.#fetchedAt = Date.now();
    this.#error = undefined;
    this.#failures = 0;
  }

  #failed(err: unknown): void {
    this.#error = err instanceof GitError ? err.message : `git: ${String((err as Error)?.message ?? err)}`;
    this.#failures++;
  }

  async #head(): Promise<string> {
    return (await this.#git(['rev-parse', 'HEAD'])).trim();
  }

  #git(args: readonly string[], signal?: AbortSignal): Promise<string> {
    return runGit(['-C', this.#options.dir, ...args], {
      env: this.#env,
      timeoutMs: this.#options.timeoutMs,
      timeoutSetting: TIMEOUT_SETTING,
      ...(signal ? { signal } : {}),
    });
  }
}

/** The checkout posts.git asks for, or undefined when posts come from a plain folder. */
export function gitCheckoutFor(config: Config): GitCheckout | undefined {
  const git = config.posts.git;
  if (!git) return undefined;
  return new GitCheckout({
    url: git.url,
    branch: git.branch,
    depth: git.depth,
    dir: git.checkout,
    ...(git.formerCheckout ? { formerDir: git.formerCheckout } : {}),
    timeoutMs: git.timeoutSeconds * 1000,
  });
}

/**
 * The rescanner's prepare step for posts.git: a fetch before each rescan a push (webhook), the schedule or
 * a retry asks for. The start reads the checkout as it is (what the last run served, or the clone just
 * made), so that it serves at once; the service fetches right after. The watcher's rescans read the
 * checkout as it is: they follow its own file changes.
 */
export function gitPrepare(git: GitCheckout, subdir = ''): Prepare {
  return async (reason, signal) => {
    // Nothing fetched: the checkout changed in nothing (the watcher's own paths are what it names).
    if (reason === 'watch' || reason === 'start') return { changed: [] };
    const r = await git.update(signal);
    const changed = 'commit' in r && r.changed ? underSubdir(r.changed, subdir) : undefined;
    if ('commit' in r) return { commit: r.commit, ...(changed ? { changed } : {}) };
    // A fetch that failed or stopped left the checkout as it was.
    if (signal?.aborted) return { changed: [] };
    const { url, commit } = git.status;
    return {
      ...(commit ? { commit } : {}),
      changed: [],
      problems: [problem('FW_GIT_FETCH_FAILED', url, `${r.error}; still reading ${commit ? `commit ${commit.slice(0, 12)}` : 'the last checkout'}`)],
    };
  };
}

/**
 * The paths inside the posts folder (`subdir` of the checkout, as the config made it canonical), relative
 * to it; undefined (look at everything) when the folder itself is named, as a clean that removed it whole.
 */
export function underSubdir(paths: readonly string[], subdir: string): string[] | undefined {
  if (subdir === '') return [...paths];
  if (paths.includes(subdir)) return undefined;
  return paths.flatMap((p) => (p.startsWith(`${subdir}/`) ? [p.slice(subdir.length + 1)] : []));
}

function nulSeparated(text: string): string[] {
  return text.split('\0').filter((p) => p !== '');
}
