// A git server over HTTP for tests, on 127.0.0.1 port 0: git's own smart-HTTP CGI (`git http-backend`)
// behind node:http, with Basic authentication when asked. Switched to `hang`, it accepts every request and
// never answers (what a stalled host or a half-dead proxy does). Also: bare repositories to serve, and the
// processes whose command line mentions a string (/proc), to prove that none is left behind.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'T',
  GIT_AUTHOR_EMAIL: 't@example.org',
  GIT_COMMITTER_NAME: 'T',
  GIT_COMMITTER_EMAIL: 't@example.org',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A bare repository `<root>/site.git` with a working clone; commit() adds a post under `posts/` and pushes. */
export class Repository {
  readonly root = mkdtempSync(path.join(os.tmpdir(), 'fw-git-http-'));
  readonly bare = path.join(this.root, 'site.git');
  readonly work = path.join(this.root, 'work');
  #day = 0;

  constructor() {
    git(this.root, 'init', '--quiet', '--bare', '--initial-branch=main', this.bare);
    git(this.root, 'clone', '--quiet', this.bare, this.work);
    git(this.work, 'checkout', '--quiet', '-B', 'main');
  }

  /** Commits one post and pushes it; the commit's id. */
  commit(title: string): string {
    this.#day++;
    const file = path.join(this.work, 'posts', `2024-03-${String(this.#day).padStart(2, '0')}-p${this.#day}.md`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `---\ntitle: ${title}\ndate: 2024-03-${String(this.#day).padStart(2, '0')} 10:00:00 +0800\n---\n<p>${title}</p>\n`);
    git(this.work, 'add', '-A');
    git(this.work, 'commit', '--quiet', '-m', title);
    git(this.work, 'push', '--quiet', 'origin', 'main');
    return git(this.work, 'rev-parse', 'HEAD');
  }
}

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

export class GitHttpServer {
  readonly requests: SeenRequest[] = [];
  /** `serve`: answer through git http-backend; `hang`: accept and never answer (after the 401, with auth). */
  mode: 'serve' | 'hang';
  readonly #server: http.Server;
  readonly #sockets = new Set<Socket>();
  readonly #root: string;
  readonly #auth: { username: string; password: string } | undefined;

  private constructor(root: string, mode: 'serve' | 'hang', auth: { username: string; password: string } | undefined) {
    this.#root = root;
    this.mode = mode;
    this.#auth = auth;
    this.#server = http.createServer((req, res) => this.#answer(req, res));
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /** Serves the bare repositories under `root` (URL path /<name>.git). */
  static async start(root: string, options: { mode?: 'serve' | 'hang'; auth?: { username: string; password: string } } = {}): Promise<GitHttpServer> {
    const server = new GitHttpServer(root, options.mode ?? 'serve', options.auth);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** http://127.0.0.1:<port>/<name>, with `userinfo@` when given. */
  url(name: string, userinfo?: string): string {
    return `http://${userinfo ? `${userinfo}@` : ''}127.0.0.1:${this.port}/${name}`;
  }

  #answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    // With authentication, a request without it is refused first, so that git sends the credentials.
    if (this.#auth) {
      const expected = `Basic ${Buffer.from(`${this.#auth.username}:${this.#auth.password}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' }).end();
        return;
      }
    }
    if (this.mode === 'hang') return; // accepted, read, never answered
    const url = new URL(req.url ?? '/', 'http://x');
    const cgi = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: this.#root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
        REMOTE_ADDR: '127.0.0.1',
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    req.pipe(cgi.stdin);
    const chunks: Buffer[] = [];
    cgi.stdout.on('data', (c: Buffer) => chunks.push(c));
    cgi.on('close', () => {
      const out = Buffer.concat(chunks);
      const split = out.indexOf('\r\n\r\n');
      const head = out.subarray(0, split).toString('latin1').split('\r\n');
      let status = 200;
      for (const line of head) {
        const [name, ...rest] = line.split(':');
        const value = rest.join(':').trim();
        if (name?.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else if (name) res.setHeader(name, value);
      }
      res.writeHead(status).end(out.subarray(split + 4));
    });
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Processes (pid and command line) whose command line holds `text`: this test process and its parents excepted. */
export function processesMentioning(text: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      continue; // gone meanwhile
    }
    // A zombie has an empty command line: it is gone but for its exit status.
    if (cmdline.includes(text)) found.push({ pid, cmdline });
  }
  return found;
}
