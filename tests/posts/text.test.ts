// xmlSafe against XML 1.0 §2.2 written out a second way: every BMP code unit, alone and as part of a pair.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { charClass, XML_DISCOURAGED, XML_FORBIDDEN, xmlSafe } from '../../src/posts/text.js';

// The spec's Char production, and its "discouraged" C1 controls and non-characters, as comparisons.
function keeps(unit: number): boolean {
  if (unit < 0x20) return unit === 0x09 || unit === 0x0a || unit === 0x0d;
  if (unit >= 0x7f && unit <= 0x9f) return false;
  if (unit >= 0xfdd0 && unit <= 0xfdef) return false;
  return unit !== 0xfffe && unit !== 0xffff;
}

test('xmlSafe removes exactly the code units XML forbids or discourages, and lone surrogates', () => {
  const wrong: string[] = [];
  for (let unit = 0; unit <= 0xffff; unit++) {
    if (unit >= 0xd800 && unit <= 0xdfff) continue;
    const text = `a${String.fromCharCode(unit)}b`;
    if (xmlSafe(text) !== (keeps(unit) ? text : 'ab')) wrong.push(unit.toString(16));
  }
  assert.deepEqual(wrong, []);
  assert.equal(xmlSafe('x\uD83D\uDE00y'), 'x\uD83D\uDE00y', 'a surrogate pair (an emoji) stays');
  assert.equal(xmlSafe('x\uD83Dy\uDE00z\uDE00\uD83D'), 'xyz', 'lone or reversed surrogates go');
});

test('charClass spells ranges and single code points as a class', () => {
  assert.equal(
    charClass([
      [0x00, 0x08],
      [0x7f, 0x7f],
    ]),
    '[\\u0000-\\u0008\\u007f]',
  );
  const forbidden = new RegExp(charClass(XML_FORBIDDEN));
  assert.ok(forbidden.test('\u0001') && forbidden.test('\uFFFE') && !forbidden.test('\t') && !forbidden.test('\u0085'));
  assert.ok(new RegExp(charClass(XML_DISCOURAGED)).test('\u0085'));
});
