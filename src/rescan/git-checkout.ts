// Posts from a git repository (posts.git): a checkout of one branch in the cache folder, cloned at start and
// brought to the remote branch's head before each rescan a push or the schedule asks for. Through the `git`
// command (Debian's git): it already speaks every transport and credential helper people use.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '../config/schema.js';
import { GitError, problem } from '../errors.js';
import { removeOwned, renameOwned } from '../owned-path.js';
import type { Prepare } from './rescanner.js';

const run = promisify(execFile);

export interface GitOptions {
  readonly url: string;
  readonly branch: string;
  /** The checkout's folder (config: posts.git.checkout), inside the cache folder's `git/`. */
  readonly dir: string;
  /** Commits fetched; 0: the whole history. */
  readonly depth: number;
}

/** Where the checkout stands, for /status. */
export interface GitStatus {
  readonly url: string;
  readonly branch: string;
  readonly commit: string | undefined;
  /** When the last fetch succeeded (ms since the epoch). */
  readonly fetchedAt: number | undefined;
  /** The first line of the last failure's message, until a fetch succeeds again. */
  readonly error: string | undefined;
}

// A fetch never waits for a password prompt, and a hung server does not hold rescans for ever.
const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true', LC_ALL: 'C' };
const TIMEOUT_MS = 120_000;

export class GitCheckout {
  readonly #options: GitOptions;
  #commit: string | undefined;
  #fetchedAt: number | undefined;
  #error: string | undefined;
  /** One git operation at a time; a trigger during one waits for it and then fetches again. */
  #busy: Promise<unknown> = Promise.resolve();

  constructor(options: GitOptions) {
    this.#options = options;
  }

  get status(): GitStatus {
    return { url: redact(this.#options.url), branch: this.#options.branch, commit: this.#commit, fetchedAt: this.#fetchedAt, error: this.#error };
  }

  /** Clones unless a checkout of this repository is there; throws GitError when that is impossible. */
  async open(): Promise<void> {
    try {
      await run('git', ['--version'], { env: { ...process.env, ...GIT_ENV } });
    } catch {
      throw new GitError('posts.git needs the git command, which is not installed (Debian: apt-get install git)');
    }
    const { dir } = this.#options;
    if (existsSync(path.join(dir, '.git')) && (await this.#remote()) === this.#options.url) {
      this.#commit = await this.#head();
      return;
    }
    try {
      await this.#clone();
    } catch (err) {
      throw new GitError(`posts.git: cannot clone ${redact(this.#options.url)} (branch ${this.#options.branch}): ${firstLine(err)}`);
    }
  }

  /**
   * Brings the checkout to the remote branch's head (reset, so a force-push is followed too). A failure
   * leaves the checkout as it was and is returned as its first line: the posts read before stay served.
   */
  update(): Promise<{ commit: string } | { error: string }> {
    const next = this.#busy.then(() => this.#update());
    this.#busy = next.catch(() => undefined);
    return next;
  }

  async #update(): Promise<{ commit: string } | { error: string }> {
    const { dir, branch, depth } = this.#options;
    try {
      if (!existsSync(path.join(dir, '.git'))) await this.#clone();
      else {
        await this.#git(['fetch', '--no-tags', ...(depth > 0 ? [`--depth=${depth}`] : []), 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
        await this.#git(['reset', '--hard', '--quiet', `refs/remotes/origin/${branch}`]);
        // Files the branch no longer has (and nobody should have added) go, so a deleted post is deleted.
        await this.#git(['clean', '-d', '--force', '--quiet']);
      }
      this.#commit = await this.#head();
      this.#fetchedAt = Date.now();
      this.#error = undefined;
      return { commit: this.#commit };
    } catch (err) {
      this.#error = firstLine(err);
      return { error: this.#error };
    }
  }

  /** Into a sibling folder first, then renamed: a clone cut short never passes for a checkout. */
  async #clone(): Promise<void> {
    const { dir, url, branch, depth } = this.#options;
    // Every checkout lives in one folder of the cache's; nothing outside it is ever removed.
    const root = path.dirname(dir);
    await fs.mkdir(root, { recursive: true });
    const temp = `${dir}.clone-${process.pid}`;
    await removeOwned(root, temp);
    await run('git', ['clone', '--quiet', '--no-tags', '--single-branch', '--branch', branch, ...(depth > 0 ? [`--depth=${depth}`] : []), '--', url, temp], {
      env: { ...process.env, ...GIT_ENV },
      timeout: TIMEOUT_MS,
    });
    await removeOwned(root, dir);
    await renameOwned(root, temp, dir);
    this.#commit = await this.#head();
    this.#fetchedAt = Date.now();
  }

  async #remote(): Promise<string | undefined> {
    try {
      return (await this.#git(['config', '--get', 'remote.origin.url'])).trim();
    } catch {
      return undefined;
    }
  }

  async #head(): Promise<string> {
    return (await this.#git(['rev-parse', 'HEAD'])).trim();
  }

  async #git(args: readonly string[]): Promise<string> {
    const { stdout } = await run('git', ['-C', this.#options.dir, ...args], { env: { ...process.env, ...GIT_ENV }, timeout: TIMEOUT_MS });
    return stdout;
  }
}

/** A URL as logs and /status may show it: without a user name or password. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/** git's own first line of complaint (`fatal: …`), with any credentials in it removed. */
function firstLine(err: unknown): string {
  const e = err as { stderr?: unknown; message?: unknown; killed?: boolean };
  if (e.killed) return `git took longer than ${TIMEOUT_MS / 1000} s`;
  const text = typeof e.stderr === 'string' && e.stderr.trim() !== '' ? e.stderr : String(e.message ?? err);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'git failed';
  return line.trim().replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1');
}

/** The checkout posts.git asks for, or undefined when posts come from a plain folder. */
export function gitCheckoutFor(config: Config): GitCheckout | undefined {
  const git = config.posts.git;
  return git ? new GitCheckout({ url: git.url, branch: git.branch, depth: git.depth, dir: git.checkout }) : undefined;
}

/**
 * The rescanner's prepare step for posts.git: a fetch before each rescan the start, a push (webhook) or the
 * schedule asks for. The watcher's rescans read the checkout as it is: they follow its own file changes.
 */
export function gitPrepare(git: GitCheckout): Prepare {
  return async (reason) => {
    if (reason === 'watch') return {};
    const r = await git.update();
    if ('commit' in r) return { commit: r.commit };
    const { url, commit } = git.status;
    return { ...(commit ? { commit } : {}), problems: [problem('FW_GIT_FETCH_FAILED', url, `${r.error}; still reading ${commit ? `commit ${commit.slice(0, 12)}` : 'the last checkout'}`)] };
  };
}
