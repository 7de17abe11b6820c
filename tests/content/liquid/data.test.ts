// site.data from _data/'s files (src/content/liquid/data.ts): every format Jekyll reads, folders, names,
// values as Ruby's YAML reads them, and a file that does not parse costing only its own value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { siteConfig, siteData } from '../../../src/content/liquid/data.js';
import { rubyJson, rubyString } from '../../../src/content/liquid/ruby.js';

test('YAML, JSON, CSV and TSV, folders as maps, names as Jekyll sanitizes them', () => {
  const { data, problems } = siteData([
    { path: 'releases.yml', text: '- version: 3.4.0\n  url: https://x/\n' },
    { path: 'team.json', text: '[{"name": "Ann"}]' },
    { path: 'mirrors.csv', text: 'name,url\n"Berlin, DE",https://b/\nEmpty,\n' },
    { path: 'docs/links.tsv', text: 'label\thref\nDocs\thttps://d/\n' },
    { path: 'my file!.yaml', text: 'a: 1\n' },
  ]);
  assert.deepEqual(problems, []);
  assert.deepEqual(data.releases, [{ version: '3.4.0', url: 'https://x/' }]);
  assert.deepEqual(data.team, [{ name: 'Ann' }]);
  assert.deepEqual(
    data.mirrors,
    [
      { name: 'Berlin, DE', url: 'https://b/' },
      { name: 'Empty', url: null },
    ],
    'a CSV row is keyed by the header; an empty field is nil',
  );
  assert.deepEqual(data.docs, { links: [{ label: 'Docs', href: 'https://d/' }] });
  assert.deepEqual(data.my_file, { a: 1 });
  assert.deepEqual(Object.keys(data), ['my_file', 'releases', 'team', 'mirrors', 'docs'], "Jekyll's order: .yaml, .yml, .json, .csv, .tsv, then folders");
});

test("values as Ruby's YAML 1.1: yes/no booleans, big whole numbers exact, whole floats printed as floats", () => {
  const { data } = siteData([{ path: 'v.yml', text: 'a: yes\nb: off\nc: 1111111111111111111111111111\nd: 1.0\ne: 2.5\nf: "yes"\n' }]);
  assert.equal(data.v && (data.v as Record<string, unknown>).a, true);
  const v = data.v as Record<string, unknown>;
  assert.equal(v.b, false);
  assert.equal(rubyString(v.c), '1111111111111111111111111111');
  assert.equal(rubyString(v.d), '1.0');
  assert.equal(rubyString(v.e), '2.5');
  assert.equal(v.f, 'yes');
  assert.equal(rubyJson(v), '{"a":true,"b":false,"c":1111111111111111111111111111,"d":1.0,"e":2.5,"f":"yes"}');
});

test('a file that does not parse: one problem at its line, no value, every other file read', () => {
  const { data, problems } = siteData([
    { path: 'good.yml', text: 'ok: 1\n' },
    { path: 'bad.yml', text: 'a: 1\nb: [unclosed\n' },
    { path: 'bad.json', text: '{"a": }' },
    { path: 'bad.csv', text: 'a,b\n"open,1\n' },
  ]);
  assert.deepEqual(data, { good: { ok: 1 } });
  assert.deepEqual(
    problems.map((p) => [p.code, p.path, p.severity]),
    [
      ['FW_DATA_BAD', '_data/bad.yml', 'warning'],
      ['FW_DATA_BAD', '_data/bad.json', 'warning'],
      ['FW_DATA_BAD', '_data/bad.csv', 'warning'],
    ],
  );
  assert.equal(problems[0]?.line, 3);
});

test('_config.yml for Liquid: a map, else a problem', () => {
  assert.deepEqual(siteConfig('title: T\n', '_config.yml'), { config: { title: 'T' } });
  const bad = siteConfig('- a\n', '_config.yml');
  assert.ok('problem' in bad && bad.problem.code === 'FW_DATA_BAD');
});
