// Reads of the files feedwright needs to start (src/read-bounded.ts): whole up to the bound, an error
// naming the file past it, and a named pipe or a folder refused on its descriptor, never waited on.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { FileTooLargeError } from '../src/errors.js';
import { readBounded, readBoundedSync } from '../src/read-bounded.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-read-bounded-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const readers: [string, (file: string, limit: number) => Promise<Buffer>][] = [
  ['readBoundedSync', async (file, limit) => readBoundedSync(file, limit)],
  ['readBounded', readBounded],
];

for (const [name, read] of readers) {
  test(`${name}: a file up to the bound is read whole; one byte more is FileTooLargeError naming it`, async () => {
    const file = path.join(dir, `${name}.yml`);
    writeFileSync(file, 'x'.repeat(10_000));
    assert.equal((await read(file, 10_000)).length, 10_000);
    await assert.rejects(
      read(file, 9_999),
      (e: unknown) => e instanceof FileTooLargeError && e.path === file && e.size === 10_000 && e.message.startsWith(`${file}: 10000 bytes`),
    );
    writeFileSync(file, '');
    assert.equal((await read(file, 10)).length, 0);
  });

  test(`${name}: a file whose size says 0 (/proc) is read to its end`, { skip: process.platform === 'linux' ? false : '/proc is Linux only' }, async () => {
    assert.match((await read('/proc/self/status', 1 << 20)).toString(), /^Name:/);
    await assert.rejects(read('/proc/self/status', 16), FileTooLargeError);
  });

  test(`${name}: a folder (EISDIR) or a named pipe (EINVAL) is refused at once`, {
    skip: process.platform === 'win32' ? 'no named pipes here' : false,
  }, async () => {
    const folder = path.join(dir, `${name}-folder`);
    mkdirSync(folder);
    await assert.rejects(read(folder, 100), { code: 'EISDIR' });
    const fifo = path.join(dir, `${name}-fifo`);
    execFileSync('mkfifo', [fifo]);
    // With no writer, a plain open would wait for ever.
    await assert.rejects(
      read(fifo, 100),
      (e: unknown) => (e as NodeJS.ErrnoException).code === 'EINVAL' && /not a regular file \(a named pipe\)/.test(String(e)),
    );
  });
}
