// A real redis-server (Debian's) on a free loopback port, persistence off, in a temporary folder; tests
// kill it and start it again on the same port to play "Redis went away" (so it is given its port: --port).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './port.js';
import { until } from './until.js';

export const HAVE_REDIS = spawnSync('redis-server', ['--version']).status === 0;

export class TestRedis {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'fw-redis-'));
  #child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly extraArgs: readonly string[],
  ) {}

  /** `extraArgs`: more redis-server options, such as ['--requirepass', 'secret']. */
  static async start(extraArgs: readonly string[] = []): Promise<TestRedis> {
    const redis = new TestRedis(await freePort(), extraArgs);
    await redis.restart();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again) on the same port and waits until it answers PING. */
  async restart(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, ...this.extraArgs];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.#child = child;
    await until(() => ping(this.port), `redis-server on port ${this.port}`, 10_000, 50);
  }

  /** SIGSTOP: connections stay open and nothing answers, as a Redis stuck in a long command or swapping. */
  pause(): void {
    this.#child?.kill('SIGSTOP');
  }

  resume(): void {
    this.#child?.kill('SIGCONT');
  }

  /** SIGKILL, as a crash or a lost machine would: no goodbye to the clients. */
  async kill(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** True when a Redis on the port answers (+PONG, or -NOAUTH when it has a password). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      // A server with a password answers, but asks for it first.
      if (text.includes('\r\n')) done(text.startsWith('+PONG') || text.startsWith('-NOAUTH'));
    });
    socket.once('error', () => done(false));
    socket.setTimeout(500, () => done(false));
  });
}
