// The one redaction of URLs (issue 23, item 2): user names, passwords and query values never printed; the
// credentials split off an http(s) URL for git, decoded as git decodes them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl, redactUrlsIn, splitUserinfo } from '../src/url-secrets.js';

test('redactUrl: no password, no lone user name (a token), every query value hidden, no fragment', () => {
  const cases: [string, string][] = [
    ['https://user:s3cret@git.example.org/site.git', 'https://user:***@git.example.org/site.git'],
    ['https://ghp_TOKEN@github.com/o/r.git', 'https://***@github.com/o/r.git'],
    ['https://git.example.org/r.git?access_token=abc&x=1', 'https://git.example.org/r.git?access_token=***&x=***'],
    ['https://h/p?flag&token=t#frag-secret', 'https://h/p?flag=***&token=***'],
    // An @ inside the password, written raw: userinfo ends at the last @ before the path.
    ['https://u:p@ss@h:8443/r', 'https://u:***@h:8443/r'],
    ['redis://:pw@127.0.0.1:6379/0', 'redis://:***@127.0.0.1:6379/0'],
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
  assert.equal(shown, "fatal: unable to access 'http://u:***@127.0.0.1:1/r.git?access_token=***': Operation too slow");
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
