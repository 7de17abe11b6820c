// An SDK error as the one line a person reads: credentials, bucket, access, network, or the store's own.
// s3rver answers the wrong key id (tests/publish/bucket.test.ts) but never checks a SigV4 signature, so a
// wrong secret's SignatureDoesNotMatch is checked here, as the SDK raises it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { s3ErrorLine } from '../../src/publish/bucket/s3-errors.js';

const TARGET = { bucket: 'feeds', prefix: 'news' };
const AT = 'http://127.0.0.1:9000';

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
