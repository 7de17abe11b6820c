// Secrets never printed (issue 23): a URL's userinfo and query values; credentials split off an http(s)
// URL for git, decoded as git decodes them; echoed answers and config values by value and by shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSecretHeader, Redactor, redactShapes, redactTemplate, redactUrl, redactUrlsIn, splitUserinfo } from '../src/secrets.js';

test('redactUrl: no password, no lone user name (a token), every query value hidden, no fragment', () => {
  const cases: [string, string][] = [
    ['https://user:s3cret@git.example.org/site.git', 'https://***@git.example.org/site.git'],
    ['https://ghp_TOKEN@github.com/o/r.git', 'https://***@github.com/o/r.git'],
    ['https://git.example.org/r.git?access_token=abc&x=1', 'https://git.example.org/r.git?access_token=***&x=***'],
    ['https://h/p?flag&token=t#frag-secret', 'https://h/p?flag=***&token=***'],
    // An @ inside the password, written raw: userinfo ends at the last @ before the path.
    ['https://u:p@ss@h:8443/r', 'https://***@h:8443/r'],
    ['redis://:pw@127.0.0.1:6379/0', 'redis://***@127.0.0.1:6379/0'],
    ['file:///srv/git/site.git', 'file:///srv/git/site.git'],
    ['ssh://git@host/r.git', 'ssh://***@host/r.git'],
    ['https://h/r.git', 'https://h/r.git'],
    ['git@github.com:o/r.git', 'git@github.com:o/r.git'],
    // An @ in the path is not userinfo.
    ['https://h/@scope/pkg', 'https://h/@scope/pkg'],
  ];
  for (const [url, shown] of cases) assert.equal(redactUrl(url), shown, url);
});

test('redactUrlsIn: every URL in a message, as git quotes them', () => {
  const text = "fatal: unable to access 'http://u:pw@127.0.0.1:1/r.git?access_token=abc/info/refs': Operation too slow";
  const shown = redactUrlsIn(text);
  assert.equal(shown, "fatal: unable to access 'http://***@127.0.0.1:1/r.git?access_token=***': Operation too slow");
  assert.doesNotMatch(shown, /pw|abc/);
  assert.equal(redactUrlsIn('no URL here'), 'no URL here');
});

test('splitUserinfo: http(s) credentials apart and decoded; other schemes whole', () => {
  assert.deepEqual(splitUserinfo('https://user:p%40ss%20w@h/r.git'), { url: 'https://h/r.git', username: 'user', password: 'p@ss w' });
  assert.deepEqual(splitUserinfo('HTTP://tok@h:81/r'), { url: 'HTTP://h:81/r', username: 'tok' });
  assert.deepEqual(splitUserinfo('https://@h/r'), { url: 'https://h/r' });
  assert.deepEqual(splitUserinfo('https://h/r'), { url: 'https://h/r' });
  assert.deepEqual(splitUserinfo('ssh://git@h/r'), { url: 'ssh://git@h/r' });
  assert.deepEqual(splitUserinfo('file:///srv/r.git'), { url: 'file:///srv/r.git' });
  // A malformed escape is kept as written (git's url_decode does the same).
  assert.deepEqual(splitUserinfo('https://u:100%@h/r'), { url: 'https://h/r', username: 'u', password: '100%' });
});

// Echoed answers and config values (publish.purge).
test('a known secret is removed as sent, percent-encoded, JSON-escaped and form-encoded', () => {
  const secret = 'tok/en+"1 2"';
  const r = new Redactor([secret]);
  for (const echo of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), new URLSearchParams({ a: secret }).toString().slice(2)]) {
    const out = r.text(`the API said: ${echo}.`);
    assert.equal(out, 'the API said: ***.', echo);
  }
});

test('a secret that contains another is removed whole; values shorter than 4 characters are left', () => {
  assert.equal(new Redactor(['abcd', 'abcdefgh']).text('x abcdefgh y abcd'), 'x *** y ***');
  assert.equal(new Redactor(['ab', '']).text('a tab stop'), 'a tab stop');
});

test('credentials by their shape: auth schemes, secret-named parameters, headers and JSON fields, URL user info', () => {
  assert.equal(redactShapes('Authorization: Bearer eyJhbGciOi.x-y_z'), 'Authorization: *** ***');
  assert.equal(redactShapes('got "Basic dXNlcjpwYXNz" back'), 'got "Basic ***" back');
  assert.equal(redactShapes('GET /purge?zone=z1&access_token=s3cr3t&x=1'), 'GET /purge?zone=z1&access_token=***&x=1');
  assert.equal(redactShapes('https://h/p?X-Amz-Signature=abc&sig=def'), 'https://h/p?X-Amz-Signature=***&sig=***');
  assert.equal(redactShapes('{"x-auth-key":"k3y","x-auth-email":"a@b.c"}'), '{"x-auth-key":"***","x-auth-email":"a@b.c"}');
  assert.equal(redactShapes('X-Api-Key: 12345678\nAccept: */*'), 'X-Api-Key: ***\nAccept: */*');
  assert.equal(redactShapes('token=abcdef'), 'token=***');
  assert.equal(redactUrl('https://user:pa55@git.example/x?private_token=t#f'), 'https://***@git.example/x?private_token=***');
  assert.equal(redactUrl('https://ghp_abc@github.com/o/r'), 'https://***@github.com/o/r');
});

test('ordinary text is left as it is', () => {
  for (const text of [
    '{"success":false,"errors":[{"code":10000,"message":"Authentication error"}]}',
    'purge: POST http://127.0.0.1:9 failed (fetch failed: connect ECONNREFUSED 127.0.0.1:9)',
    'https://cdn.example.org/tags/a@b/rss.xml?page=2',
    'exited with 3: no API token',
  ]) {
    assert.equal(redactShapes(text), text);
  }
  assert.ok(isSecretHeader('Authorization') && isSecretHeader('X-Auth-Key') && isSecretHeader('X-Upload-Token'));
  assert.ok(!isSecretHeader('Content-Type') && !isSecretHeader('Accept'));
});

test('a purge template as check --explain prints it: {{env.NAME}} stays, literal credentials go', () => {
  assert.equal(redactTemplate('Bearer {{env.CF_API_TOKEN}}', true), 'Bearer {{env.CF_API_TOKEN}}');
  assert.equal(redactTemplate('Bearer abc.def', true), 'Bearer ***');
  assert.equal(redactTemplate('abc123', true), '***');
  assert.equal(redactTemplate('{{env.KEY}}', true), '{{env.KEY}}');
  assert.equal(redactTemplate('https://api/x?token=lit&zone={{env.Z}}', false), 'https://api/x?token=***&zone={{env.Z}}');
  assert.equal(redactTemplate('{"files":{{urls}}}', false), '{"files":{{urls}}}');
});
