// What replicas read from each other is checked, and the newest snapshot is the newest good rescan's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newestSnapshot, parseAnnouncement, parseMessage, readReplicas, type Announcement } from '../../src/cluster/messages.js';

test('messages: triggers and replies are read back; anything else is ignored', () => {
  assert.deepEqual(parseMessage('{"type":"trigger","from":"a","reason":"webhook"}'), { type: 'trigger', from: 'a', reason: 'webhook' });
  assert.deepEqual(parseMessage('{"type":"trigger","from":"a","reason":"webhook","request":"r1"}'), {
    type: 'trigger',
    from: 'a',
    reason: 'webhook',
    request: 'r1',
  });
  assert.deepEqual(parseMessage('{"type":"swapped","from":"b","request":"r1","snapshotId":"x","ok":true}'), {
    type: 'swapped',
    from: 'b',
    request: 'r1',
    snapshotId: 'x',
    ok: true,
  });
  for (const bad of [
    '',
    'null',
    '[]',
    '{"type":"trigger","reason":"x"}',
    '{"type":"swapped","from":"b","request":"r"}',
    '{"type":"other","from":"a"}',
    '{"type":"trigger","from":"a","reason":7}',
  ]) {
    assert.equal(parseMessage(bad), undefined, bad);
  }
});

test('the newest snapshot is that of the latest good rescan', () => {
  const a = (id: string, snapshotId: string | null, lastRescan: string | null, ok = true): Announcement => ({
    id,
    version: '0',
    url: null,
    startedAt: 't',
    snapshotId,
    lastRescan,
    ok,
  });
  assert.equal(newestSnapshot([]), undefined);
  assert.equal(newestSnapshot([a('1', 'old', '2026-01-01T00:00:00.000Z'), a('2', 'new', '2026-01-01T00:00:01.000Z')]), 'new');
  assert.equal(newestSnapshot([a('1', 'old', '2026-01-01T00:00:00.000Z'), a('2', 'held', '2026-01-01T00:00:01.000Z', false)]), 'old');
  assert.equal(parseAnnouncement(JSON.stringify(a('1', 's', null)))?.id, '1');
  assert.equal(parseAnnouncement('{"id":"1"}'), undefined);
  assert.equal(parseAnnouncement(null), undefined);
});

test('a replica counts as live only while its own key, renewed lately, says so (issue 23)', () => {
  const text = (id: string): string => JSON.stringify({ id, version: '0', url: null, startedAt: 't', snapshotId: null, lastRescan: null, ok: true });
  const { live, ignored } = readReplicas(
    'fw',
    [
      ['fw:replica:b', 9000, text('b')],
      ['fw:replica:a', 1, text('a')],
      ['fw:replica:ghost', -1, null],
      ['fw:replica:late', 10_001, text('late')],
      ['fw:replica:alias', 5000, text('a')],
      ['fw:replica:junk', 5000, '{"id":'],
      ['fw:replica:hash', 5000, null],
    ],
    10_000,
  );
  assert.deepEqual(
    live.map((a) => a.id),
    ['a', 'b'],
  );
  assert.deepEqual(
    ignored.map((i) => [i.key, i.why.split(':')[0]]),
    [
      ['fw:replica:ghost', 'it had no expiry, which no replica writes'],
      ['fw:replica:late', 'it expires in 11 s, later than cluster.announceSeconds (10 s) here'],
      ['fw:replica:alias', 'it is not the announcement of the replica it is named for'],
      ['fw:replica:junk', 'it is not the announcement of the replica it is named for'],
      ['fw:replica:hash', 'it is not the announcement of the replica it is named for'],
    ],
  );
});
