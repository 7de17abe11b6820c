// The CDN purge hook (publish.purge): after a publish put new bytes in the bucket, tell the CDN in front
// of it which public URLs changed, so readers and hubs stop getting the cached old bytes. Generic on
// purpose (an HTTP request template, or a command) so feedwright carries no vendor's API. A failed attempt
// that may succeed later (a network error, a timeout, 408/429/5xx, a command's non-zero exit) is retried a
// bounded number of times with a doubling delay; a refusal (401, 403, 400: a token or a template that is
// wrong) is not, since asking again cannot change the answer.
import type { PurgeOutcome } from '../../metrics.js';
import { runCommand } from '../command.js';
import { isSecretHeader, isSecretParam, Redactor, redactUrl } from '../redact.js';
import { httpFailure, retrying, type Failure } from '../retry.js';

export type PurgeHook = (
  | {
      readonly url: string;
      readonly method: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly body?: string | undefined;
      /** Most URLs per request; more make several requests (Cloudflare takes 30 a call on most plans). */
      readonly batch: number;
    }
  /** `command`: at least the program (the schema says so). */
  | { readonly command: readonly string[] }
) & {
  readonly timeoutMs: number;
  /** Retries after a failed attempt; the delay before the first is `retryDelayMs`, doubling. */
  readonly retries: number;
  readonly retryDelayMs: number;
};

export interface PurgeStatus {
  readonly at: string;
  readonly ok: boolean;
  /** Public URLs this purge named. */
  readonly urls: number;
  /** Attempts it took (1 + retries made). */
  readonly attempts: number;
  /** The last failure's one line. */
  readonly reason?: string;
}

/** One attempt's end, for /metrics and the log. */
export interface PurgeAttempt {
  readonly outcome: PurgeOutcome;
  readonly attempt: number;
  readonly urls: number;
  readonly reason?: string;
  /** With `retry`: the wait before the next attempt. */
  readonly retryInMs?: number;
}

/** A CDN API's Retry-After is honoured up to this: `feedwright publish` waits for it. */
const MAX_RETRY_AFTER_MS = 60_000;
/** How much of an answer is read to say why it failed (the rest is not read: a huge answer costs nothing). */
const ANSWER_BYTES = 16 * 1024;
/** How much of that a failure line quotes. */
const ANSWER_CHARS = 200;

const TEMPLATE = /\{\{\s*(urls|env\.([A-Za-z_][A-Za-z0-9_]*))\s*\}\}/g;

/**
 * `{{urls}}` → the batch's URLs as a JSON array; `{{env.NAME}}` → that environment variable (so a token
 * need not sit in the config file). Only these two: a template is not a language.
 */
export function fillTemplate(template: string, urls: readonly string[], env: Readonly<Record<string, string | undefined>>): string {
  return template.replace(TEMPLATE, (_all, what: string, name: string | undefined) => {
    if (what === 'urls') return JSON.stringify(urls);
    const value = env[name as string];
    if (value === undefined) throw new Error(`purge: {{env.${name as string}}} is not set`);
    return value;
  });
}

/**
 * What a request hook sends that is secret: every variable its templates name (tokens are put there so
 * they stay out of the file), the values of Authorization-like headers and of token-like query
 * parameters, and a password in the URL, literal ones included.
 */
function secretsOf(hook: Extract<PurgeHook, { url: string }>, env: Readonly<Record<string, string | undefined>>): string[] {
  const secrets: string[] = [];
  for (const template of [hook.url, hook.body ?? '', ...Object.values(hook.headers)]) {
    for (const m of template.matchAll(TEMPLATE)) if (m[2] !== undefined && env[m[2]] !== undefined) secrets.push(env[m[2]] as string);
  }
  const fill = (s: string): string =>
    s.replace(TEMPLATE, (all, what: string, name: string | undefined) => (what === 'urls' ? all : (env[name as string] ?? all)));
  for (const [name, value] of Object.entries(hook.headers)) {
    const filled = fill(value);
    if (isSecretHeader(name)) secrets.push(filled, ...filled.split(/\s+/).slice(1));
  }
  if (URL.canParse(fill(hook.url))) {
    const url = new URL(fill(hook.url));
    for (const part of [url.username, url.password]) secrets.push(part, decoded(part));
    for (const [name, value] of url.searchParams) if (isSecretParam(name)) secrets.push(value);
  }
  return secrets;
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export class Purger {
  readonly #hook: PurgeHook;
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #attempted: ((a: PurgeAttempt) => void) | undefined;
  readonly #redactor: Redactor;
  /** Aborted by close(): requests in flight end, commands' process groups are ended, no retry waits. */
  readonly #stop = new AbortController();
  #last: PurgeStatus | null = null;

  constructor(hook: PurgeHook, env: Readonly<Record<string, string | undefined>>, attempted?: (a: PurgeAttempt) => void) {
    this.#hook = hook;
    this.#env = env;
    this.#attempted = attempted;
    this.#redactor = new Redactor('command' in hook ? [] : secretsOf(hook, env));
  }

  get status(): PurgeStatus | null {
    return this.#last;
  }

  /** Stops: a request in flight is aborted, a command's process group ended, a retry wait cut short. */
  close(): void {
    this.#stop.abort();
  }

  /** Purges `urls`; resolves (never rejects) with what happened, which /status shows too. */
  async purge(urls: readonly string[]): Promise<PurgeStatus> {
    // HTTP batches already accepted are not sent again: a retry resumes at the batch that failed.
    const batches = 'command' in this.#hook ? [urls] : chunks(urls, this.#hook.batch);
    let done = 0;
    const policy = { retries: this.#hook.retries, delayMs: this.#hook.retryDelayMs, maxRetryAfterMs: MAX_RETRY_AFTER_MS };
    const r = await retrying(
      policy,
      async () => {
        for (; done < batches.length; done++) {
          const failure = await this.#send(batches[done] as readonly string[]);
          if (failure) return failure;
        }
        return undefined;
      },
      {
        signal: this.#stop.signal,
        ended: (e) =>
          this.#attempted?.({
            outcome: e.outcome,
            attempt: e.attempt,
            urls: urls.length,
            ...(e.failure ? { reason: e.failure.reason } : {}),
            ...(e.retryInMs === undefined ? {} : { retryInMs: e.retryInMs }),
          }),
      },
    );
    const ok = r.failure === undefined;
    this.#last = { at: new Date().toISOString(), ok, urls: urls.length, attempts: r.attempts, ...(r.failure ? { reason: r.failure.reason } : {}) };
    return this.#last;
  }

  #send(urls: readonly string[]): Promise<Failure | undefined> {
    return 'command' in this.#hook ? this.#run(this.#hook.command, urls, this.#hook.timeoutMs) : this.#request(this.#hook, urls);
  }

  async #request(hook: Extract<PurgeHook, { url: string }>, urls: readonly string[]): Promise<Failure | undefined> {
    let url: string;
    let init: RequestInit;
    let where: string;
    try {
      const fill = (s: string): string => fillTemplate(s, urls, this.#env);
      url = fill(hook.url);
      // The origin only: the path and query may carry a token (`?access_token=`).
      where = `${hook.method} ${redactUrl(new URL(url).origin)}`;
      init = {
        method: hook.method,
        headers: Object.fromEntries(Object.entries(hook.headers).map(([k, v]) => [k, fill(v)])),
        ...(hook.body === undefined ? {} : { body: fill(hook.body) }),
      };
    } catch (err) {
      // A variable that is not set (or makes no URL) will not be better on the next try.
      return { reason: this.#redactor.text(`purge: ${err instanceof Error ? err.message.replace(/^purge: /, '') : String(err)}`), retryable: false };
    }
    const timeout = AbortSignal.timeout(hook.timeoutMs);
    const signal = AbortSignal.any([this.#stop.signal, timeout]);
    const line = (s: string): string => this.#redactor.text(s);
    try {
      const res = await fetch(url, { ...init, signal });
      if (res.ok) {
        await res.body?.cancel();
        return undefined;
      }
      // The answer's start says why (Cloudflare: a JSON `errors` list); secrets are removed before it is
      // cut (a cut could split one), and the rest of the answer is not read.
      const text = line(await readStart(res, ANSWER_BYTES))
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, ANSWER_CHARS);
      return httpFailure(res.status, `purge: ${where} answered ${res.status}${text ? `: ${text}` : ''}`, res.headers.get('retry-after'), Date.now());
    } catch (err) {
      if (this.#stop.signal.aborted) return { reason: `purge: ${where} stopped: feedwright is stopping`, retryable: false };
      if (timeout.aborted) return { reason: `purge: ${where} did not answer within ${hook.timeoutMs} ms (timeoutMs)`, retryable: true };
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      return { reason: line(`purge: ${where} failed (${err instanceof Error ? err.message : String(err)}${cause})`), retryable: true };
    }
  }

  async #run(argv: readonly string[], urls: readonly string[], timeoutMs: number): Promise<Failure | undefined> {
    const program = argv[0] ?? '';
    const run = await runCommand(argv, urls.map((u) => `${u}\n`).join(''), { timeoutMs, signal: this.#stop.signal });
    // A program that is not there will not be there on the next try either.
    if ('notStarted' in run) return { reason: `purge: ${program} could not start (${run.notStarted})`, retryable: false };
    if (run.ended === 'stopped') return { reason: `purge: ${program} stopped: feedwright is stopping`, retryable: false };
    if (run.ended === undefined && run.code === 0) return undefined;
    const last = this.#redactor.text(run.stderr.trim().split('\n').pop() ?? '');
    const how =
      run.ended === 'timeout'
        ? `did not finish within ${timeoutMs} ms (timeoutMs); its process group was ended`
        : run.signal
          ? `was stopped by ${run.signal}`
          : `exited with ${run.code}`;
    // A command's exit code does not say whether trying again helps (an API's 5xx or its 403 alike).
    return { reason: `purge: ${program} ${how}${last ? `: ${last}` : ''}`, retryable: true };
  }
}

/** The first `limit` bytes of an answer as text; the rest is cancelled, not read. */
async function readStart(res: Response, limit: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // An answer cut short says what it said so far.
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
