// Issue 23 item 6: the cache trusted its file. It was keyed on the version string, so another build of the
// same version served the old rendered bytes; and whoever could write its folder could have any bytes
// served. Now the file names the build that made it (build-key.ts), and the folder and the file must be
// the service user's alone, as ssh wants ~/.ssh: else one warning, a cold start, and no write there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WarmCache, type WarmCacheOptions } from '../../src/cache/warm-cache.js';
import type { WarmState } from '../../src/cache/warm-cache.js';
import type { PostsDir } from '../helpers/posts-dir.js';
import { warmState } from '../helpers/warm-state.js';

let site: { posts: PostsDir; state: WarmState };
const roots: string[] = [];
before(async () => {
  site = await warmState(8);
});
after(() => {
  site.posts.cleanup();
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

const me = process.geteuid?.() ?? 0;
const OTHER_UID = me === 65534 ? 65533 : 65534;

/** A cache written whole by this user, and the options to read it again with (warnings collected). */
async function written(extra: Partial<WarmCacheOptions> = {}): Promise<{ cache: WarmCache; options: WarmCacheOptions; warnings: string[]; folder: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fw-cache-trust-'));
  roots.push(root);
  const warnings: string[] = [];
  const options: WarmCacheOptions = {
    root,
    configHash: 'trust',
    postsDir: site.posts.dir,
    version: '1.2.3',
    build: 'build-a',
    warn: (m) => warnings.push(m),
    ...extra,
  };
  const cache = new WarmCache(options);
  cache.save(site.state);
  await cache.idle();
  assert.deepEqual(warnings, []);
  return { cache, options, warnings, folder: path.dirname(cache.file) };
}

/** Loads with `options`: the reason it was not used, from the one warning (undefined: it was used). */
async function refusal(options: WarmCacheOptions, warnings: string[]): Promise<string | undefined> {
  const cache = new WarmCache(options);
  const start = await cache.load();
  if (start) {
    assert.deepEqual(warnings, []);
    return undefined;
  }
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.equal(cache.status().atStart.used, false);
  return (warnings[0] as string).replace(/^warm cache \S+: /, '');
}

describe('the cache is keyed on the build that made it', () => {
  test('the same build and version: warm', async () => {
    const { options, warnings } = await written();
    assert.equal(await refusal(options, warnings), undefined);
  });

  test('another build with the same version starts cold, with one warning saying so', async () => {
    const { options, warnings } = await written();
    assert.equal(
      await refusal({ ...options, build: 'build-b' }, warnings),
      'written by another build of feedwright 1.2.3 (its code or dependencies differ); ignored, starting cold',
    );
  });

  test('another version: cold, and the version is named first', async () => {
    const { options, warnings } = await written();
    assert.equal(
      await refusal({ ...options, version: '1.2.4', build: 'build-b' }, warnings),
      'written by feedwright 1.2.3, this is 1.2.4; ignored, starting cold',
    );
  });

  test('without a build named, the key of the running code is written and matched', async () => {
    const { build: _build, ...rest } = (await written()).options;
    const warnings: string[] = [];
    const options = { ...rest, warn: (m: string) => warnings.push(m) };
    const cache = new WarmCache(options);
    cache.save(site.state);
    await cache.idle();
    assert.equal(await refusal(options, warnings), undefined);
    assert.match((await refusal({ ...options, build: 'build-a' }, warnings)) ?? '', /another build/);
  });
});

describe('only the service user may have written the folder and the file', () => {
  test('the writer makes the folder 0700 and the file 0600, whatever the umask', async () => {
    const old = process.umask(0);
    try {
      const { cache, folder } = await written();
      assert.equal(fs.statSync(folder).mode & 0o777, 0o700);
      assert.equal(fs.statSync(cache.file).mode & 0o777, 0o600);
    } finally {
      process.umask(old);
    }
  });

  const refused: [string, (c: { folder: string; file: string }) => void, Partial<WarmCacheOptions>, RegExp][] = [
    [
      'a folder its group can write',
      ({ folder }) => fs.chmodSync(folder, 0o770),
      {},
      /^its folder can be written by its group \(mode 0770; chmod go-w fixes it\); ignored, starting cold$/,
    ],
    ['a folder every user can write', ({ folder }) => fs.chmodSync(folder, 0o757), {}, /^its folder can be written by every user \(mode 0757; /],
    ['a file its group can write', ({ file }) => fs.chmodSync(file, 0o620), {}, /^its file can be written by its group \(mode 0620; /],
    ['a file every user can write', ({ file }) => fs.chmodSync(file, 0o666), {}, /^its file can be written by its group and every user \(mode 0666; /],
    [
      'a folder of another user (as the service sees it)',
      () => undefined,
      { uid: OTHER_UID },
      new RegExp(`^its folder belongs to uid ${me}, not to the user the service runs as \\(uid ${OTHER_UID}\\)`),
    ],
    [
      'a folder that is a symbolic link',
      ({ folder }) => {
        fs.renameSync(folder, `${folder}.real`);
        fs.symlinkSync(`${folder}.real`, folder);
      },
      {},
      /^its folder is a symbolic link; ignored, starting cold$/,
    ],
    [
      'a file that is a symbolic link',
      ({ file }) => {
        fs.renameSync(file, `${file}.real`);
        fs.symlinkSync(`${file}.real`, file);
      },
      {},
      /^it is a symbolic link; ignored, starting cold$/,
    ],
  ];
  for (const [name, change, extra, reason] of refused) {
    test(`${name}: not read (one warning, a cold start)`, async () => {
      const { cache, options, warnings, folder } = await written();
      change({ folder, file: cache.file });
      assert.match((await refusal({ ...options, ...extra }, warnings)) ?? 'used', reason);
    });
  }

  test('files owned by another user (chown, as root)', { skip: me === 0 ? false : 'chown to another user needs root' }, async () => {
    const { cache, options, warnings, folder } = await written();
    fs.chownSync(cache.file, OTHER_UID, OTHER_UID);
    assert.match(
      (await refusal(options, warnings)) ?? 'used',
      new RegExp(`^its file belongs to uid ${OTHER_UID}, not to the user the service runs as \\(uid ${me}\\)`),
    );
    warnings.length = 0;
    fs.chownSync(folder, OTHER_UID, OTHER_UID);
    assert.match((await refusal(options, warnings)) ?? 'used', new RegExp(`^its folder belongs to uid ${OTHER_UID}, `));
  });

  test('a folder others can write is not written to either: the write fails, saying why, and the file stays', async () => {
    const { cache, options, folder } = await written();
    const before = fs.readFileSync(cache.file);
    fs.chmodSync(folder, 0o777);
    const warnings: string[] = [];
    const writer = new WarmCache({ ...options, warn: (m) => warnings.push(m) });
    writer.save(site.state);
    await writer.idle();
    assert.deepEqual(fs.readFileSync(cache.file), before);
    const status = writer.status();
    assert.deepEqual([status.writes, status.failures], [0, { 'untrusted-folder': 1 }]);
    assert.match(
      status.lastAttempt?.ok === false ? status.lastAttempt.reason : '',
      /^its folder can be written by its group and every user \(mode 0777; chmod go-w fixes it\); the file before it is kept$/,
    );
    assert.deepEqual(
      warnings.map((w) => w.replace(/^warm cache \S+: /, '')),
      ['cannot write it (untrusted-folder); the service runs on without it'],
    );
  });
});
