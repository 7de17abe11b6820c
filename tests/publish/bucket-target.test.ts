// The s3:// target and how the bucket is addressed: endpoint from the config or the SDK's variables,
// path-style for an IP address, localhost or FEEDWRIGHT_S3_PATH_STYLE=1.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Config } from '../../src/config/schema.js';
import { configSchema } from '../../src/config/schema.js';
import { connectionOf, keyOf, parseTarget } from '../../src/publish/bucket/target.js';

const publishConfig = (input: object = {}): Config['publish'] => configSchema.shape.publish.parse(input);

test('targets: bucket and prefix, trimmed; refused when not s3:// or with . and .. segments', () => {
  assert.deepEqual(parseTarget('s3://site'), { bucket: 'site', prefix: '' });
  assert.deepEqual(parseTarget('s3://site/feeds/'), { bucket: 'site', prefix: 'feeds' });
  assert.deepEqual(parseTarget('s3://site/a/b'), { bucket: 'site', prefix: 'a/b' });
  assert.equal(keyOf({ bucket: 'site', prefix: '' }, 'rss.xml'), 'rss.xml');
  assert.equal(keyOf({ bucket: 'site', prefix: 'a/b' }, 'rss.xml'), 'a/b/rss.xml');
  for (const bad of ['site/feeds', 'https://site/x', 's3://', 's3://site/a/../b', 's3://site/a//b']) assert.equal(typeof parseTarget(bad), 'string', bad);
});

test('endpoint: the config, else AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL; path-style for IPs, localhost or the variable', () => {
  assert.deepEqual(connectionOf(publishConfig(), {}), { endpoint: undefined, region: undefined, pathStyle: false });
  assert.equal(connectionOf(publishConfig(), { AWS_ENDPOINT_URL: 'http://a:9000', AWS_ENDPOINT_URL_S3: 'http://b:9000' }).endpoint, 'http://b:9000');
  assert.equal(connectionOf(publishConfig({ endpoint: 'https://c.example/' }), { AWS_ENDPOINT_URL_S3: 'http://b:9000' }).endpoint, 'https://c.example/');
  for (const endpoint of ['http://127.0.0.1:9000', 'http://[::1]:9000', 'http://localhost:9000', 'http://minio.localhost']) {
    assert.equal(connectionOf(publishConfig(), { AWS_ENDPOINT_URL: endpoint }).pathStyle, true, endpoint);
  }
  assert.equal(connectionOf(publishConfig(), { AWS_ENDPOINT_URL: 'https://x.r2.cloudflarestorage.com' }).pathStyle, false);
  assert.equal(connectionOf(publishConfig(), { AWS_ENDPOINT_URL: 'https://s3.example', FEEDWRIGHT_S3_PATH_STYLE: '1' }).pathStyle, true);
  assert.equal(connectionOf(publishConfig({ pathStyle: false }), { AWS_ENDPOINT_URL: 'http://127.0.0.1:9000' }).pathStyle, false);
  // A custom endpoint without a region anywhere gets the one S3-compatible stores accept.
  assert.equal(connectionOf(publishConfig(), { AWS_ENDPOINT_URL: 'http://127.0.0.1:9000' }).region, 'us-east-1');
  assert.equal(connectionOf(publishConfig({ region: 'eu-west-1' }), { AWS_REGION: 'us-west-2' }).region, 'eu-west-1');
});

test('publish.onRescan needs a target; the target must be s3://', () => {
  assert.equal(configSchema.shape.publish.safeParse({ onRescan: true }).success, false);
  assert.equal(configSchema.shape.publish.safeParse({ onRescan: true, target: 's3://site/x' }).success, true);
  assert.equal(configSchema.shape.publish.safeParse({ target: 'https://site/x' }).success, false);
});
