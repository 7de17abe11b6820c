// A body → HTML, Liquid then Markdown (src/content/render-body.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderBody } from '../../src/content/render-body.js';
import { NO_FILES } from '../../src/content/liquid/site.js';
import { testPost, testSite } from './liquid/helpers.js';

const md = (t: string): string => `<md>${t}</md>`;
const site = { liquid: testSite(), files: NO_FILES };
const input = (text: string, post = testPost()) => ({ post, text, body: text, markdown: true, firstLine: 4, kind: 'post' as const });

test('Liquid, then Markdown; what it read noted with fingerprints', () => {
  const r = renderBody(input('{{ site.title }}'), md, site);
  assert.equal(r.html, '<md>Site</md>');
  assert.deepEqual(
    r.deps.map(([key]) => key),
    ['config:title'],
  );
  assert.equal(r.failed, false);
});

test('no Liquid: without a site, with render_with_liquid: false, or with no {{ or {% in the text', () => {
  assert.equal(renderBody(input('{{ site.title }}'), md, undefined).html, '<md>{{ site.title }}</md>');
  assert.equal(renderBody(input('{{ site.title }}', testPost({ front: { render_with_liquid: false } })), md, site).html, '<md>{{ site.title }}</md>');
  assert.deepEqual(renderBody(input('plain'), md, site).deps, []);
});

test('Liquid that cannot be rendered: the text without it, marked failed, with why', () => {
  const r = renderBody(input('a {% if %}'), md, site);
  assert.equal(r.failed, true);
  assert.equal(r.html, '<md>a {% if %}</md>');
  assert.equal(r.problems[0]?.code, 'FW_LIQUID_SYNTAX');
});
