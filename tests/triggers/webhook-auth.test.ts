import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { isAuthorized } from '../../src/triggers/webhook-auth.js';

const SECRET = 'a-webhook-secret-of-some-length';
const BODY = Buffer.from('{"ref":"refs/heads/main"}');
const sign = (body: Buffer, secret = SECRET): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

test('X-Hub-Signature-256: the HMAC of the exact body bytes', () => {
  assert.equal(isAuthorized({ 'x-hub-signature-256': sign(BODY) }, BODY, SECRET), true);
  assert.equal(isAuthorized({ 'x-hub-signature-256': sign(BODY).toUpperCase().replace('SHA256=', 'sha256=') }, BODY, SECRET), true);
  assert.equal(isAuthorized({ 'x-hub-signature-256': sign(BODY, 'another-secret-entirely') }, BODY, SECRET), false);
  assert.equal(isAuthorized({ 'x-hub-signature-256': sign(Buffer.from(`${BODY} `)) }, BODY, SECRET), false);
  assert.equal(isAuthorized({ 'x-hub-signature-256': sign(BODY).slice(0, -2) }, BODY, SECRET), false);
  assert.equal(isAuthorized({ 'x-hub-signature-256': sign(BODY).replace('sha256=', 'sha1=') }, BODY, SECRET), false);
  assert.equal(isAuthorized({ 'x-hub-signature-256': SECRET }, BODY, SECRET), false);
});

test('X-Gitlab-Token and Authorization: Bearer carry the secret itself', () => {
  assert.equal(isAuthorized({ 'x-gitlab-token': SECRET }, BODY, SECRET), true);
  assert.equal(isAuthorized({ 'x-gitlab-token': `${SECRET}x` }, BODY, SECRET), false);
  assert.equal(isAuthorized({ 'x-gitlab-token': SECRET.slice(1) }, BODY, SECRET), false);
  assert.equal(isAuthorized({ authorization: `Bearer ${SECRET}` }, BODY, SECRET), true);
  assert.equal(isAuthorized({ authorization: `bearer ${SECRET}` }, BODY, SECRET), true);
  assert.equal(isAuthorized({ authorization: `Bearer ${SECRET}-` }, BODY, SECRET), false);
  assert.equal(isAuthorized({ authorization: `Basic ${Buffer.from(`x:${SECRET}`).toString('base64')}` }, BODY, SECRET), false);
  assert.equal(isAuthorized({ authorization: SECRET }, BODY, SECRET), false);
});

test('nothing, or a header sent twice, is not a credential; any one valid form is enough', () => {
  assert.equal(isAuthorized({}, BODY, SECRET), false);
  assert.equal(isAuthorized({ 'x-gitlab-token': '' }, BODY, SECRET), false);
  // Node joins a repeated header into one value.
  assert.equal(isAuthorized({ 'x-gitlab-token': `${SECRET}, ${SECRET}` }, BODY, SECRET), false);
  assert.equal(isAuthorized({ 'x-hub-signature-256': 'sha256=00', authorization: `Bearer ${SECRET}` }, BODY, SECRET), true);
});
