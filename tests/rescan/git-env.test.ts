// The environment git runs in: no prompt, git's own stall check, and the URL's credentials through a
// credential helper for that origin only, after any GIT_CONFIG_* the environment has (issue 23, item 2).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CREDENTIAL_HELPER, gitEnv } from '../../src/rescan/git-env.js';
import { splitUserinfo } from '../../src/url-secrets.js';

test('without credentials: prompts off, stalls dropped after the given time, nothing about credentials', () => {
  const env = gitEnv({ PATH: '/bin', HOME: '/h' }, { remote: splitUserinfo('https://h/r.git'), stallSeconds: 15 });
  assert.deepEqual(env, {
    PATH: '/bin',
    HOME: '/h',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: 'true',
    LC_ALL: 'C',
    GIT_HTTP_LOW_SPEED_LIMIT: '1',
    GIT_HTTP_LOW_SPEED_TIME: '15',
  });
  assert.equal(gitEnv({}, { remote: { url: 'x' }, stallSeconds: 0.2 }).GIT_HTTP_LOW_SPEED_TIME, '1');
});

test('with credentials: the helpers for the origin emptied, then ours; values only in FW_GIT_*', () => {
  const env = gitEnv(
    { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.sslVerify', GIT_CONFIG_VALUE_0: 'true' },
    { remote: splitUserinfo('https://me:p%3Ass@git.example.org:8443/r.git'), stallSeconds: 5 },
  );
  assert.equal(env.GIT_CONFIG_COUNT, '3');
  assert.equal(env.GIT_CONFIG_KEY_0, 'http.sslVerify', "the environment's own setting stays");
  assert.equal(env.GIT_CONFIG_KEY_1, 'credential.https://git.example.org:8443.helper');
  assert.equal(env.GIT_CONFIG_VALUE_1, '');
  assert.equal(env.GIT_CONFIG_KEY_2, 'credential.https://git.example.org:8443.helper');
  assert.equal(env.GIT_CONFIG_VALUE_2, CREDENTIAL_HELPER);
  assert.equal(env.FW_GIT_USERNAME, 'me');
  assert.equal(env.FW_GIT_PASSWORD, 'p:ss');
  // Only the two variables hold the secret.
  const holding = Object.entries(env)
    .filter(([, v]) => v?.includes('p:ss'))
    .map(([k]) => k);
  assert.deepEqual(holding, ['FW_GIT_PASSWORD']);
});
