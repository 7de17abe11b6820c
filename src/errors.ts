// Every error and problem code feedwright can report, in one place (docs/errors.md lists them all; a test checks).
import { compareText } from './order.js';

/** Codes for posts that are skipped (errors) or published with a caveat (warnings). */
export const PROBLEM_CODES = {
  FW_POST_UNREADABLE: 'the file could not be read',
  FW_POST_TOO_LARGE: 'the file is larger than posts.maxBytes',
  FW_POST_NOT_A_FILE: 'the path is not a regular file (a named pipe, socket or device)',
  FW_POST_OVER_BUDGET: 'the front matter is over the budget one post may cost to read',
  FW_POST_FAILED: 'reading or rendering this post failed unexpectedly; it is left out',
  FW_POST_BINARY: 'the file looks binary (NUL bytes, and not UTF-8 text)',
  FW_POST_INVALID_UTF8: 'the file is not valid UTF-8; invalid bytes were replaced',
  FW_POST_EMPTY: 'the file is empty',
  FW_POST_NO_FRONT_MATTER: 'the file has no front matter, so it is not a post (as in Jekyll)',
  FW_POST_UNCLOSED_FRONT_MATTER: 'the front matter is never closed by a line of ---',
  FW_POST_BAD_YAML: 'the front matter is not valid YAML',
  FW_POST_FRONT_MATTER_NOT_MAP: 'the front matter is not a map of keys to values',
  FW_POST_BAD_FIELD: 'a front matter field has a type that cannot be used',
  FW_POST_NO_DATE: 'no date in front matter and no YYYY-MM-DD- prefix in the file name',
  FW_POST_BAD_DATE: 'the date cannot be read',
  FW_POST_UPDATED_BEFORE_DATE: 'updated is earlier than date; date is used for both',
  FW_POST_OVER_LIMIT: 'a field is over a limit and was cut',
  FW_POST_DUPLICATE_ID: 'another post has the same id',
  FW_POST_DUPLICATE_LINK: 'another post has the same link',
  FW_POST_PERMALINK_DOTS: 'the permalink has . or .. segments, removed as Jekyll removes them',
  FW_POST_UNKNOWN_AUTHOR: 'an author looks like a key of the authors data but is not one; published under the name as written',
  FW_POST_MEDIA_MISSING: 'a picture or file the post links is missing from media.dir or outside the site; the post is published without it',
  FW_POST_NOT_AN_EPISODE: 'the post is in a podcast but has no audio or video enclosure; the podcast feed leaves it out',
  FW_POST_SYMLINK_OUTSIDE: 'a symbolic link points outside the posts folder and is not followed',
  FW_POST_SYMLINK_LOOP: 'a symbolic link loops or cannot be resolved',
  FW_POSTS_DIR_UNREADABLE: 'the posts folder is missing or cannot be read; the last good feeds are kept',
  FW_RESCAN_HELD_BACK: 'the rescan would drop too many posts at once; the last good feeds are kept',
  FW_RESCAN_FAILED: 'the rescan failed; the last good feeds are kept',
  FW_GIT_FETCH_FAILED: 'the posts repository could not be fetched; the last checkout is read',
  FW_LIQUID_UNKNOWN_TAG: "a Liquid tag feedwright does not have (a plugin's?) renders nothing",
  FW_LIQUID_UNKNOWN_FILTER: "a Liquid filter feedwright does not have (a plugin's?) leaves its input as it was",
  FW_LIQUID_SYNTAX: 'the Liquid does not parse; the post is published with its last good rendering, else without Liquid',
  FW_LIQUID_FAILED: 'rendering the Liquid failed; the post is published with its last good rendering, else without Liquid',
  FW_LIQUID_OVER_BUDGET: 'the Liquid went over the budget one post may cost; the post is published with its last good rendering, else without Liquid',
  FW_LIQUID_MISSING_INCLUDE: "an included file is not there, or not inside the site's _includes/ (or the post's folder); it renders nothing",
  FW_LIQUID_MISSING_POST: 'post_url or link names no published post or file of the site; it renders nothing',
  FW_LIQUID_NOT_SUPPORTED: 'Jekyll would render this construct otherwise than feedwright does',
  FW_CONTENT_CONVERTER: 'the site names a Markdown converter other than kramdown; the post is rendered as kramdown renders it',
  FW_CONTENT_KRAMDOWN:
    'part of this post is not rendered as kramdown renders it for Jekyll (a kramdown option feedwright does not apply, or a limit on hostile input reached)',
  FW_CONTENT_PLUGIN: 'a plugin the site lists would change what this post says; feedwright does not run it',
  FW_DATA_BAD: 'a file in _data/ cannot be read as data; site.data has no value for it',
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export type Severity = 'error' | 'warning';

/** A post that is skipped (error) or kept with a caveat (warning): never thrown, always reported. */
export interface Problem {
  readonly path: string;
  readonly line?: number;
  readonly code: ProblemCode;
  readonly severity: Severity;
  readonly reason: string;
}

export function problem(code: ProblemCode, path: string, detail?: string, line?: number, severity: Severity = 'error'): Problem {
  const reason = detail ? `${PROBLEM_CODES[code]}: ${detail}` : PROBLEM_CODES[code];
  return line === undefined ? { path, code, severity, reason } : { path, line, code, severity, reason };
}

/** Problems in path order, then line: the same on every run, whichever stage found them. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => compareText(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0));
}

/** `path:line: reason`, the form compilers use, so editors can jump to it. */
export function formatProblem(p: Problem): string {
  const where = p.line === undefined ? p.path : `${p.path}:${p.line}`;
  return `${where}: ${p.severity}: ${p.reason} [${p.code}]`;
}

/** Base class: a stable code, a message for people, and the HTTP status where one applies. */
export class FeedwrightError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 500,
    /** Response headers the status needs (Allow for 405, Retry-After for 429…). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A config file that cannot be read or does not validate; the message names the key. */
export class ConfigError extends FeedwrightError {
  constructor(message: string) {
    super('FW_ERR_CONFIG_INVALID', message);
  }
}

/** The posts folder is missing at start: a clear message, not a stack trace. */
export class PostsDirError extends FeedwrightError {
  constructor(message: string) {
    super('FW_ERR_POSTS_DIR', message);
  }
}

/** A request path with malformed percent-encoding or forbidden characters. */
export class BadRequestError extends FeedwrightError {
  constructor(message = 'Bad request') {
    super('FW_ERR_BAD_REQUEST', message, 400);
  }
}

/** A path that names no document in the snapshot. */
export class NotFoundError extends FeedwrightError {
  constructor(message = 'Not found') {
    super('FW_ERR_NOT_FOUND', message, 404);
  }
}

/** A method the path does not answer; RFC 9110 §15.5.6 requires Allow. */
export class MethodNotAllowedError extends FeedwrightError {
  constructor(allow: string) {
    super('FW_ERR_METHOD_NOT_ALLOWED', 'Method not allowed', 405, { Allow: allow });
  }
}

/** A webhook call without a valid secret or signature; RFC 9110 §15.5.2 requires WWW-Authenticate. */
export class UnauthorizedError extends FeedwrightError {
  constructor() {
    super('FW_ERR_UNAUTHORIZED', 'Unauthorized: missing or wrong webhook secret or signature', 401, {
      'WWW-Authenticate': 'Bearer realm="feedwright"',
    });
  }
}

/** Too many failed authentications from one address; the client may retry after `retryAfterSeconds`. */
export class RateLimitedError extends FeedwrightError {
  constructor(retryAfterSeconds: number) {
    super('FW_ERR_RATE_LIMITED', 'Too many failed authentications; try again later', 429, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

/** A request body over the limit. The rest of it is not read, so the connection is closed after the answer. */
export class PayloadTooLargeError extends FeedwrightError {
  constructor(limit: number) {
    super('FW_ERR_PAYLOAD_TOO_LARGE', `Payload too large: the limit is ${limit} bytes`, 413, { Connection: 'close' });
  }
}

/** Too many query feeds rendered for one client lately (queries.perClientPerMinute); cached ones are still answered. */
export class QueryRateError extends FeedwrightError {
  constructor(retryAfterSeconds: number) {
    super('FW_ERR_QUERY_RATE', 'Too many new query feeds from this client; try again later, or ask for one already made', 429, {
      'Retry-After': String(retryAfterSeconds),
    });
  }
}

/**
 * A query feed that cannot be rendered now: the CPU share of query feeds (queries.cpuShare) is spent and
 * too many wait, or this one took more than queries.renderBudgetMs (what it read is kept, so a retry goes
 * further). The fixed feeds are never refused for it.
 */
export class QueryBusyError extends FeedwrightError {
  constructor(reason: string, retryAfterSeconds: number) {
    super('FW_ERR_QUERY_BUSY', `Query feed not rendered: ${reason}; try again later`, 503, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/** GET /subscribers without the webhook's secret (subscribers.page: secret); Basic lets a browser ask for it. */
export class PageUnauthorizedError extends FeedwrightError {
  constructor() {
    super('FW_ERR_UNAUTHORIZED', 'Unauthorized: this page needs the webhook secret', 401, {
      'WWW-Authenticate': 'Basic realm="feedwright subscribers", charset="UTF-8"',
    });
  }
}

/** A request target longer than the server accepts (RFC 9110 §15.5.15). */
export class UriTooLongError extends FeedwrightError {
  constructor(message = 'URI too long') {
    super('FW_ERR_URI_TOO_LONG', message, 414);
  }
}

/** A bad flag, a missing value, an unknown command: the CLI prints the message and the usage, exit 2. */
export class UsageError extends FeedwrightError {
  constructor(
    message: string,
    /** The command whose usage to print; the top-level usage when absent. */
    readonly command?: string,
  ) {
    super('FW_ERR_USAGE', message);
  }
}

/** The server cannot listen (port in use, no permission, no such address): one line with the fix, exit 1. */
export class ListenError extends FeedwrightError {
  constructor(message: string) {
    super('FW_ERR_LISTEN', message);
  }
}

/** `git` is missing, or a git command failed or took too long: git's first line, URLs redacted (sources/git/command.ts). */
export class GitError extends FeedwrightError {
  constructor(message: string) {
    super('FW_ERR_GIT', message);
  }
}

/** A path to remove or replace that is not strictly inside the folder feedwright owns: nothing was touched. */
export class OutsideOwnFolderError extends FeedwrightError {
  constructor(target: string, root: string) {
    super('FW_ERR_OUTSIDE_OWN_FOLDER', `refusing to remove or replace ${target}: it is not inside ${root}`);
  }
}

/**
 * A write the file system took less of than it was given, with no error, and then nothing more: the file
 * would be cut short, so it never replaces the one before it. Named like a failed system call (`syscall`,
 * `path`), so it is reported as one.
 */
export class ShortWriteError extends FeedwrightError {
  readonly syscall = 'write';
  constructor(
    readonly path: string,
    written: number,
    expected: number,
  ) {
    super('FW_ERR_SHORT_WRITE', `the file system took ${written} of ${expected} bytes and then no more`);
  }
}

/**
 * A file feedwright appends to was not the size it left it: another process wrote to it meanwhile (two
 * services on one cache folder). Nothing is appended, nothing is cut: the caller writes its file whole.
 */
export class ChangedUnderfootError extends FeedwrightError {
  readonly syscall = 'write';
  constructor(
    readonly path: string,
    size: number,
    expected: number,
  ) {
    super('FW_ERR_CHANGED_UNDERFOOT', `it is ${size} bytes, not the ${expected} this process left: another process wrote to it`);
  }
}

/** A file over the size feedwright reads of its kind (a config file, a data file): the message names it. */
export class FileTooLargeError extends FeedwrightError {
  constructor(
    readonly path: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super('FW_ERR_FILE_TOO_LARGE', `${path}: ${size} bytes, over the ${limit} bytes feedwright reads of such a file`);
  }
}

// Errors that stay inside feedwright: each is caught where it is expected and said as one line (a Problem,
// a warning, a status field), never shown as a stack trace. They carry no FW_ERR_ code of their own.

/** The step a bucket publish stopped at: what the bucket holds then depends on it. */
export type PublishStep = 'read-manifest' | 'upload' | 'write-manifest' | 'delete';

/**
 * Served paths (`/`, `/tags/x/rss.xml`) whose object in the bucket a publish replaced or removed, as
 * against the version the bucket held before.
 */
export interface Landed {
  /** Those whose bytes changed (new, edited or removed documents): what WebSub hubs hear of. */
  readonly changed: readonly string[];
  /** Every object put or removed, headers-only changes too: what a CDN may hold an old copy of. */
  readonly stale: readonly string[];
}

export class PublishFailure extends Error {
  /** What is in the bucket all the same: a failed deletion comes after the new version is in place. */
  readonly landed: Landed | undefined;

  constructor(
    readonly step: PublishStep,
    /** The one-line reason (see s3-errors.ts). */
    readonly reason: string,
    options?: { cause?: unknown; landed?: Landed },
  ) {
    super(reason, options);
    this.name = 'PublishFailure';
    this.landed = options?.landed;
  }

  /** What the bucket holds now, for the one line the user reads. */
  get outcome(): string {
    return PUBLISH_OUTCOMES[this.step];
  }
}

/** What the bucket holds after a publish stopped at each step. */
const PUBLISH_OUTCOMES: Readonly<Record<PublishStep, string>> = {
  'read-manifest': 'nothing was changed',
  upload: 'the previous version is still whole (its manifest and objects are in place)',
  'write-manifest': 'the previous manifest is still in place; the next publish uploads again',
  delete: 'the new version is published; the old objects left are still in the manifest, and the next publish deletes them',
};

/** Why a warm cache file was not used: said in one line, and the file is then ignored (cache/). */
export class CacheUnusable extends Error {
  // Not a file-system error, whatever its shape: `instanceof` tells them apart in types too.
  readonly unusable = true;
}

/** A post's Liquid ran out of its budget (content/liquid/engine.ts): the message says which part. */
export class LiquidBudgetError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'LiquidBudgetError';
  }
}

/** Includes nested deeper than `depth` (content/liquid/tags/include.ts): the whole post is over its budget. */
export class IncludeDepthError extends Error {
  constructor(name: string, depth: number) {
    super(`includes nested more than ${depth} deep (${name} includes itself?)`);
    this.name = 'IncludeDepthError';
  }
}

/** Why a rescan gave up: the service is stopping (rescan/rescanner.ts). */
export class RescanStopped extends Error {
  constructor() {
    super('stopped: the service is shutting down');
    this.name = 'RescanStopped';
  }
}

/** Codes of the error classes above, for docs/errors.md and its test. */
export const ERROR_CODES = [
  'FW_ERR_USAGE',
  'FW_ERR_LISTEN',
  'FW_ERR_CONFIG_INVALID',
  'FW_ERR_POSTS_DIR',
  'FW_ERR_GIT',
  'FW_ERR_OUTSIDE_OWN_FOLDER',
  'FW_ERR_SHORT_WRITE',
  'FW_ERR_CHANGED_UNDERFOOT',
  'FW_ERR_FILE_TOO_LARGE',
  'FW_ERR_BAD_REQUEST',
  'FW_ERR_NOT_FOUND',
  'FW_ERR_METHOD_NOT_ALLOWED',
  'FW_ERR_UNAUTHORIZED',
  'FW_ERR_RATE_LIMITED',
  'FW_ERR_QUERY_RATE',
  'FW_ERR_QUERY_BUSY',
  'FW_ERR_PAYLOAD_TOO_LARGE',
  'FW_ERR_URI_TOO_LONG',
] as const;

/**
 * Codes of the process warnings feedwright emits (process.emitWarning: printed once on stderr, silenced
 * with --no-warnings): config/load.ts and rescan/rescanner.ts name them where they are emitted.
 */
export const WARNING_CODES = ['FW_CONFIG_DEPRECATED', 'FW_RESCAN_LISTENER'] as const;
