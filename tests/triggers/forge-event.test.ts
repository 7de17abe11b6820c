// What a git host's webhook says: GitHub, Gitea/Forgejo and GitLab push events with their branch, pings,
// and anything else (a CMS's plain POST), which rescans as before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forgeEvent } from '../../src/triggers/forge-event.js';

const body = (ref: string): Buffer => Buffer.from(JSON.stringify({ ref, after: 'abc' }));

test('push events name their branch, whichever host sends them', () => {
  assert.deepEqual(forgeEvent({ 'x-github-event': 'push' }, body('refs/heads/main')), { kind: 'push', ref: 'refs/heads/main', branch: 'main' });
  assert.deepEqual(forgeEvent({ 'x-gitea-event': 'push' }, body('refs/heads/release/2')), { kind: 'push', ref: 'refs/heads/release/2', branch: 'release/2' });
  assert.deepEqual(forgeEvent({ 'x-gitlab-event': 'Push Hook' }, body('refs/heads/main')), { kind: 'push', ref: 'refs/heads/main', branch: 'main' });
  assert.deepEqual(forgeEvent({ 'x-github-event': 'push' }, body('refs/tags/v1')), { kind: 'push', ref: 'refs/tags/v1', branch: undefined });
});

test('a ping; anything else, or a body that is not JSON, is a plain rescan', () => {
  assert.deepEqual(forgeEvent({ 'x-github-event': 'ping' }, Buffer.from('{}')), { kind: 'ping' });
  assert.deepEqual(forgeEvent({}, Buffer.from('')), { kind: 'other' });
  assert.deepEqual(forgeEvent({ 'x-github-event': 'issues' }, body('refs/heads/main')), { kind: 'other' });
  assert.deepEqual(forgeEvent({ 'x-github-event': 'push' }, Buffer.from('payload=%7B%7D')), { kind: 'other' });
});
