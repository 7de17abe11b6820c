// item-extras.ts: our own elements in place of a one-line stand-in, and root namespaces.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extrasMarker, fillExtras, withRootNamespaces, xmlLines } from '../../src/render/item-extras.js';

test('values are escaped as XML wants (no raw < in an attribute, no &nbsp;); children indented as xml-js indents', () => {
  assert.deepEqual(
    xmlLines([{ name: 'a:b', attrs: { url: 'https://x.example/?a=1&b="2"<', skip: undefined }, children: [{ name: 'a:c', text: "<&>' \u00a0" }] }], '  '),
    ['  <a:b url="https://x.example/?a=1&amp;b=&quot;2&quot;&lt;">', '      <a:c>&lt;&amp;&gt;&apos; \u00a0</a:c>', '  </a:b>'],
  );
});

test("each stand-in line becomes the item's elements; text that merely looks like one is left alone", () => {
  const xml = [`    <x>${extrasMarker(0)}</x>`, `    <x>${extrasMarker(1)}</x>`, '    <x>0</x>'].join('\n');
  const out = fillExtras(xml, 'x', (i) => [{ name: 'e', attrs: { i } }]);
  assert.equal(out, ['    <e i="0"/>', '    <e i="1"/>', '    <x>0</x>'].join('\n'));
});

test('namespaces go on the root element, after those it has', () => {
  const xml =
    '<?xml version="1.0"?>\n<?xml-stylesheet href="a.xsl" type="text/xsl"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<x/></rss>';
  assert.match(
    withRootNamespaces(xml, 'rss', { media: 'http://search.yahoo.com/mrss/' }),
    /<rss version="2\.0" xmlns:atom="http:\/\/www\.w3\.org\/2005\/Atom" xmlns:media="http:\/\/search\.yahoo\.com\/mrss\/">/,
  );
  assert.equal(withRootNamespaces(xml, 'rss', {}), xml);
});
