// An SDK error as the one line a person reads: credentials, bucket, access, network, or the store's own.
// s3rver answers the wrong key id (tests/publish/bucket.test.ts) but never checks a SigV4 signature, so a
// wrong secret's SignatureDoesNotMatch is checked here, as the SDK raises it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { s3ErrorLine } from '../../src/publish/bucket/s3-errors.js';

const TARGET = { bucket: 'feeds', prefix: 'news' };
const AT = 'http://127.0.0.1:9000';
const ROOT = path.resolve(import.meta.dirname, '../..');

test('a wrong secret is a credentials line, not an access one, though S3 answers it with 403', () => {
  const err = Object.assign(new Error('The request signature we calculated does not match the signature you provided.'), {
    name: 'SignatureDoesNotMatch',
    $metadata: { httpStatusCode: 403 },
  });
  assert.equal(
    s3ErrorLine(err, TARGET, AT),
    `${AT} refused the credentials (SignatureDoesNotMatch): check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or AWS_PROFILE`,
  );
  const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  assert.match(s3ErrorLine(denied, TARGET, AT), /^http:\/\/127\.0\.0\.1:9000 denied access to feeds \(AccessDenied\)/);
});

test('no region and no endpoint anywhere: the line says what to set, not that a store answered', () => {
  // The SDK's own error, made as a first publish on a fresh machine makes it: no AWS_REGION, no profile,
  // no ~/.aws (a child process, so that this process's environment stays as it is).
  const home = mkdtempSync(path.join(os.tmpdir(), 'fw-s3-noregion-'));
  const script = `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
new S3Client({}).send(new GetObjectCommand({ Bucket: 'feeds', Key: 'news/.feedwright-manifest.json' })).then(
  () => console.log('{}'),
  (e) => console.log(JSON.stringify({ name: e.name, message: e.message, status: e.$metadata?.httpStatusCode })),
);`;
  const res = spawnSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: home, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    encoding: 'utf8',
  });
  const sdk = JSON.parse(res.stdout) as { name: string; message: string; status?: number };
  assert.equal(sdk.status, undefined, 'nothing answered');
  const err = Object.assign(new Error(sdk.message), { name: sdk.name });
  const line = s3ErrorLine(err, TARGET, 'AWS S3 (region from the AWS config)');
  assert.equal(
    line,
    'no region for AWS S3 and no endpoint for another store: set publish.region or AWS_REGION (or a region in the AWS profile), or publish.endpoint or AWS_ENDPOINT_URL_S3 for an S3-compatible store',
  );
});

test('an error with no HTTP status never says the store answered', () => {
  const err = Object.assign(new Error('Resolved credential object is not valid'), { name: 'Error' });
  assert.equal(s3ErrorLine(err, TARGET, AT), `the call to ${AT} failed before any answer: Error: Resolved credential object is not valid`);
  const answered = Object.assign(new Error('We encountered an internal error'), { name: 'InternalError', $metadata: { httpStatusCode: 500 } });
  assert.equal(s3ErrorLine(answered, TARGET, AT), `${AT} answered 500: InternalError: We encountered an internal error`);
});
