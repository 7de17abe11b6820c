// The CDN purge hook (publish.purge): after a background publish succeeded, tell the CDN in front of the
// bucket which public URLs changed, so readers and hubs stop getting the cached old bytes. Generic on
// purpose (an HTTP request template, or a command) so feedwright carries no vendor's API. A purge that
// fails is logged and shown in /status; it never blocks uploads, rescans or serving.
import { spawn } from 'node:child_process';

export type PurgeHook =
  | {
      readonly url: string;
      readonly method: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly body?: string | undefined;
      /** Most URLs per request; more make several requests (Cloudflare takes 30 a call on most plans). */
      readonly batch: number;
      readonly timeoutMs: number;
    }
  /** `command`: at least the program (the schema says so). */
  | { readonly command: readonly string[]; readonly timeoutMs: number };

export interface PurgeStatus {
  readonly at: string;
  readonly ok: boolean;
  /** Public URLs this purge named. */
  readonly urls: number;
  /** The failure's one line. */
  readonly reason?: string;
}

/**
 * `{{urls}}` → the batch's URLs as a JSON array; `{{env.NAME}}` → that environment variable (so a token
 * need not sit in the config file). Only these two: a template is not a language.
 */
export function fillTemplate(template: string, urls: readonly string[], env: Readonly<Record<string, string | undefined>>): string {
  return template.replace(/\{\{\s*(urls|env\.([A-Za-z_][A-Za-z0-9_]*))\s*\}\}/g, (_all, what: string, name: string | undefined) => {
    if (what === 'urls') return JSON.stringify(urls);
    const value = env[name as string];
    if (value === undefined) throw new Error(`purge: {{env.${name as string}}} is not set`);
    return value;
  });
}

export class Purger {
  readonly #hook: PurgeHook;
  readonly #env: Readonly<Record<string, string | undefined>>;
  #last: PurgeStatus | null = null;

  constructor(hook: PurgeHook, env: Readonly<Record<string, string | undefined>>) {
    this.#hook = hook;
    this.#env = env;
  }

  get status(): PurgeStatus | null {
    return this.#last;
  }

  /** Purges `urls`; resolves (never rejects) with what happened, which /status shows too. */
  async purge(urls: readonly string[]): Promise<PurgeStatus> {
    let reason: string | undefined;
    try {
      if ('command' in this.#hook) await this.#run(this.#hook.command, urls, this.#hook.timeoutMs);
      else for (let i = 0; i < urls.length; i += this.#hook.batch) await this.#request(urls.slice(i, i + this.#hook.batch));
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
    }
    this.#last = { at: new Date().toISOString(), ok: reason === undefined, urls: urls.length, ...(reason === undefined ? {} : { reason }) };
    return this.#last;
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
      throw new Error(`purge: ${hook.method} ${new URL(url).origin} failed (${err instanceof Error ? err.message : String(err)}${cause})`);
    }
    // The answer's start says why (Cloudflare: a JSON `errors` list); the rest is not read.
    const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
    if (!res.ok) throw new Error(`purge: ${hook.method} ${new URL(url).origin} answered ${res.status}${text ? `: ${text}` : ''}`);
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
      child.on('error', (err) => reject(new Error(`purge: ${program} could not start (${err.message})`)));
      child.on('close', (code, signal) => {
        if (code === 0) return resolve();
        const last = stderr.trim().split('\n').pop() ?? '';
        const how = signal ? `was stopped by ${signal}${signal === 'SIGTERM' ? ` (timeout ${timeoutMs} ms?)` : ''}` : `exited with ${code}`;
        reject(new Error(`purge: ${program} ${how}${last ? `: ${last}` : ''}`));
      });
    });
  }
}
