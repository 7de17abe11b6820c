// A Jekyll site's _config.yml, _data/ and _includes/ read at each rescan, and the door to its other files
// (src/rescan/site-files.ts): only what changed is read again, and nothing outside the site is reached.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { SiteInputs, siteFilesAt } from '../../src/sources/site-files.js';

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): { dir: string; write: (rel: string, text: string) => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-site-files-'));
  made.push(dir);
  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  for (const [rel, text] of Object.entries(files)) write(rel, text);
  return { dir, write };
}

test('the values, and whether anything changed since the last read', () => {
  const site = folder({
    '_config.yml': 'title: T\n',
    '_data/a.yml': 'x: 1\n',
    '_includes/n.html': 'N',
    '_includes/sub/m.html': 'M',
    '_data/.hidden.yml': 'h: 1\n',
  });
  const inputs = new SiteInputs(site.dir);
  const first = inputs.read();
  assert.equal(first.changed, true);
  assert.deepEqual(first.values.config, { title: 'T' });
  assert.deepEqual(first.values.data, { a: { x: 1 } });
  assert.deepEqual(
    [...first.values.includes],
    [
      ['n.html', 'N'],
      ['sub/m.html', 'M'],
    ],
  );
  const again = inputs.read();
  assert.equal(again.changed, false);
  assert.equal(again.values, first.values, 'nothing read again, the same values');
  site.write('_data/a.yml', 'x: 22\n');
  const later = inputs.read();
  assert.equal(later.changed, true);
  assert.deepEqual(later.values.data, { a: { x: 22 } });
  assert.notEqual(later.values.version, first.values.version);
  rmSync(path.join(site.dir, '_includes/n.html'));
  assert.equal(inputs.read().changed, true, 'a file gone is a change');
});

test("data_dir and includes_dir from _config.yml; a _config.yml that stops parsing keeps Liquid's last values", () => {
  const site = folder({ '_config.yml': 'data_dir: info\nincludes_dir: parts\n', 'info/a.yml': 'x: 1\n', 'parts/p.html': 'P' });
  const inputs = new SiteInputs(site.dir);
  const { values } = inputs.read();
  assert.deepEqual(values.data, { a: { x: 1 } });
  assert.deepEqual([...values.includes.keys()], ['p.html']);
  site.write('_config.yml', 'data_dir: [broken\n');
  const broken = inputs.read().values;
  assert.deepEqual(
    broken.problems.map((p) => [p.code, p.path]),
    [['FW_DATA_BAD', '_config.yml']],
  );
  assert.deepEqual(broken.config, { data_dir: 'info', includes_dir: 'parts' });
});

test('safe mode: no symbolic link is followed, in _data/, _includes/ or through the door', () => {
  const outside = folder({ 'secret.yml': 'password: hunter2\n', 'secret.html': 'SECRET' });
  const site = folder({ '_config.yml': '', '_posts/x.txt': 'inside', '_includes/ok.html': 'ok' });
  symlinkSync(path.join(outside.dir, 'secret.yml'), path.join(site.dir, '_posts', 'link.txt'));
  mkdirSync(path.join(site.dir, '_data'));
  symlinkSync(path.join(outside.dir, 'secret.yml'), path.join(site.dir, '_data', 'stolen.yml'));
  symlinkSync(path.join(outside.dir, 'secret.html'), path.join(site.dir, '_includes', 'stolen.html'));
  const { values } = new SiteInputs(site.dir).read();
  assert.deepEqual(values.data, {});
  assert.deepEqual([...values.includes.keys()], ['ok.html']);
  const files = siteFilesAt(site.dir);
  assert.equal(files.read('_posts/x.txt'), 'inside');
  assert.equal(files.read('_posts/link.txt'), undefined, 'a link out of the site');
  assert.equal(files.read('../secret.yml'), undefined);
  assert.equal(files.read(path.join(outside.dir, 'secret.yml')), undefined);
  assert.equal(files.exists('_posts/x.txt'), true);
  assert.equal(files.exists('_posts/link.txt'), false);
});

test('a file touched but not changed is read again and found the same', () => {
  const site = folder({ '_data/a.yml': 'x: 1\n' });
  const inputs = new SiteInputs(site.dir);
  const first = inputs.read().values;
  const later = new Date(Date.now() + 5000);
  utimesSync(path.join(site.dir, '_data/a.yml'), later, later);
  const touched = inputs.read();
  assert.equal(touched.changed, true);
  assert.deepEqual(touched.values.data, first.data);
  assert.equal(touched.values.version, first.version, 'the same bytes, the same version');
});
