// The CDN purge hook (publish.purge): after a publish put new bytes in the bucket, tell the CDN in front
// of it which public URLs changed, so readers and hubs stop getting the cached old bytes. Generic on
// purpose (an HTTP request template, or a command) so feedwright carries no vendor's API. A failed attempt
// that may succeed later (a network error, a timeout, 408/429/5xx, a command's non-zero exit) is retried a
// bounded number of times with a doubling delay; a refusal (401, 403, 400: a token or a template that is
// wrong) is not, since asking again cannot change the answer.
import { spawn } from 'node:child_process';
import type { PurgeOutcome } from '../../metrics.js';

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

/** HTTP answers worth another try, as for WebSub pings (publish/websub.ts). */
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);
/** A CDN API's Retry-After is honoured up to this: `feedwright publish` waits for it. */
const MAX_RETRY_AFTER_MS = 60_000;

class PurgeError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs = 0,
  ) {
    super(message);
  }
}

/**
 * `{{urls}}` → the batch's URLs as a JSON array; `{{env.NAME}}` → that environment variable (so a token
 * need not sit in the config file). Only these two: a template is not a language.
 */
export function fillTemplate(template: string, urls: readonly string[], env: Readonly<Record<string, string | undefined>>): string {
  return template.replace(/\{\{\s*(urls|env\.([A-Za-z_][A-Za-z0-9_]*))\s*\}\}/g, (_all, what: string, name: string | undefined) => {
    if (what === 'urls') return JSON.stringify(urls);
    const value = env[name as string];
    if (value === undefined) throw new PurgeError(`purge: {{env.${name as string}}} is not set`, false);
    return value;
  });
}

export class Purger {
  readonly #hook: PurgeHook;
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #attempted: ((a: PurgeAttempt) => void) | undefined;
  #last: PurgeStatus | null = null;
  #closed = false;
  /** Ends a retry wait early (close). */
  #wake: (() => void) | undefined;

  constructor(hook: PurgeHook, env: Readonly<Record<string, string | undefined>>, attempted?: (a: PurgeAttempt) => void) {
    this.#hook = hook;
    this.#env = env;
    this.#attempted = attempted;
  }

  get status(): PurgeStatus | null {
    return this.#last;
  }

  /** Stops waiting to retry: a purge under way ends with its last failure. */
  close(): void {
    this.#closed = true;
    this.#wake?.();
  }

  /** Purges `urls`; resolves (never rejects) with what happened, which /status shows too. */
  async purge(urls: readonly string[]): Promise<PurgeStatus> {
    // HTTP batches already accepted are not sent again: a retry resumes at the batch that failed.
    const batches = 'command' in this.#hook ? [urls] : chunks(urls, this.#hook.batch);
    let done = 0;
    let reason: string | undefined;
    let attempt = 0;
    for (; ; attempt++) {
      try {
        for (; done < batches.length; done++) await this.#send(batches[done] as readonly string[]);
        reason = undefined;
        this.#attempted?.({ outcome: 'ok', attempt: attempt + 1, urls: urls.length });
        break;
      } catch (err) {
        const e = err instanceof PurgeError ? err : new PurgeError(err instanceof Error ? err.message : String(err), false);
        reason = e.message;
        if (!e.retryable || attempt >= this.#hook.retries || this.#closed) {
          this.#attempted?.({ outcome: 'failed', attempt: attempt + 1, urls: urls.length, reason });
          break;
        }
        const retryInMs = Math.max(this.#hook.retryDelayMs * 2 ** attempt, Math.min(e.retryAfterMs, MAX_RETRY_AFTER_MS));
        this.#attempted?.({ outcome: 'retry', attempt: attempt + 1, urls: urls.length, reason, retryInMs });
        await this.#sleep(retryInMs);
        if (this.#closed) {
          this.#attempted?.({ outcome: 'failed', attempt: attempt + 1, urls: urls.length, reason });
          break;
        }
      }
    }
    this.#last = { at: new Date().toISOString(), ok: reason === undefined, urls: urls.length, attempts: attempt + 1, ...(reason === undefined ? {} : { reason }) };
    return this.#last;
  }

  #send(urls: readonly string[]): Promise<void> {
    return 'command' in this.#hook ? this.#run(this.#hook.command, urls, this.#hook.timeoutMs) : this.#request(urls);
  }

  async #request(urls: readonly string[]): Promise<void> {
    const hook = this.#hook as Extract<PurgeHook, { url: string }>;
    const fill = (s: string): string => fillTemplate(s, urls, this.#env);
    const url = fill(hook.url);
    let res: Response;
    try {
      res = await fetch(url, {
        method: hook.method,
        headers: Object.fromEntries(Object.entries(hook.headers).map(([k, v]) => [k, fill(v)])),
        ...(hook.body === undefined ? {} : { body: fill(hook.body) }),
        signal: AbortSignal.timeout(hook.timeoutMs),
      });
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      throw new PurgeError(`purge: ${hook.method} ${new URL(url).origin} failed (${err instanceof Error ? err.message : String(err)}${cause})`, true);
    }
    // The answer's start says why (Cloudflare: a JSON `errors` list); the rest is not read.
    const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
    if (!res.ok) {
      const retryAfterMs = 1000 * (Number(res.headers.get('retry-after')) || 0);
      throw new PurgeError(`purge: ${hook.method} ${new URL(url).origin} answered ${res.status}${text ? `: ${text}` : ''}`, RETRYABLE.has(res.status), retryAfterMs);
    }
  }

  #run(argv: readonly string[], urls: readonly string[], timeoutMs: number): Promise<void> {
    const program = argv[0] ?? '';
    return new Promise((resolve, reject) => {
      const child = spawn(program, argv.slice(1), { stdio: ['pipe', 'ignore', 'pipe'], timeout: timeoutMs });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-1000)));
      // A command that exits without reading stdin closes the pipe: its exit code says how it went.
      child.stdin.on('error', () => undefined);
      child.stdin.end(urls.map((u) => `${u}\n`).join(''));
      // A program that is not there will not be there on the next try either.
      child.on('error', (err) => reject(new PurgeError(`purge: ${program} could not start (${err.message})`, false)));
      child.on('close', (code, signal) => {
        if (code === 0) return resolve();
        const last = stderr.trim().split('\n').pop() ?? '';
        const how = signal ? `was stopped by ${signal}${signal === 'SIGTERM' ? ` (timeout ${timeoutMs} ms?)` : ''}` : `exited with ${code}`;
        // A command's exit code does not say whether trying again helps (an API's 5xx or its 403 alike).
        reject(new PurgeError(`purge: ${program} ${how}${last ? `: ${last}` : ''}`, true));
      });
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      this.#wake = done;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => (this.#wake = undefined));
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
