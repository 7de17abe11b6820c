// `?wait=all` on a lone replica (no cluster.redisUrl): every replica there is, is this one, so it answers
// as `?wait=1` does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testConfig } from '../helpers/config.js';
import { PostsDir } from '../helpers/posts-dir.js';
import { request } from '../helpers/request.js';
import { startTestService } from '../helpers/service.js';

const SECRET = 'lone-replica-secret-0123456789';

test('?wait=all without a cluster: 200 with the rescan report, as ?wait=1', async () => {
  const posts = new PostsDir();
  posts.post('2024-03-01-one.md', { title: 'One' });
  const service = await startTestService(testConfig(posts.dir, { webhook: { secret: SECRET } }));
  try {
    posts.post('2024-03-02-two.md', { title: 'Two', date: '2024-03-02 10:00:00 +0800' });
    const res = await request(`${service.url}hooks/rebuild?wait=all`, { headers: { authorization: `Bearer ${SECRET}` } });
    assert.equal(res.status, 200, res.text);
    const report = JSON.parse(res.text) as { reason: string; ok: boolean; posts: number };
    assert.equal(report.reason, 'webhook');
    assert.equal(report.ok, true);
    assert.equal(report.posts, 2);
  } finally {
    await service.close();
    posts.cleanup();
  }
});
