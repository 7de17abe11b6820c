// The query form on scope pages (src/render/pages/query-form.ts): a GET form whose fields are the query's
// parameters and whose buttons open each configured format; none with query feeds off. The pages' CSP
// lets it go to feedwright's own feeds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAGE_CSP } from '../../src/render/pages/layout.js';
import { queryForm } from '../../src/render/pages/query-form.js';
import { uiStrings } from '../../src/render/strings.js';
import { testConfig } from '../helpers/config.js';

test('fields for words, a tag, a date and a length; a button per format; relative to the page', () => {
  const config = testConfig('/srv/posts', { feeds: { formats: ['atom', 'json'], limit: 10 }, queries: { maxLimit: 50 } });
  const form = String(queryForm(config, '/tags/harbour/', uiStrings('en')));
  assert.match(form, /<form class="narrow" method="get" action="atom.xml">/);
  for (const name of ['q', 'tag', 'since', 'limit']) assert.match(form, new RegExp(`<input name="${name}"`));
  assert.match(form, /type="number" min="1" max="50" placeholder="10"/);
  assert.match(form, /<button type="submit" formaction="atom.xml">Atom<\/button> <button type="submit" formaction="feed.json">JSON Feed<\/button>/);
  assert.doesNotMatch(form, /rss.xml/);
  assert.match(PAGE_CSP, /form-action 'self'/);
});

test('no form when query feeds are off', () => {
  assert.equal(queryForm(testConfig('/srv/posts', { queries: { enabled: false } }), '/', uiStrings('en')), '');
});
