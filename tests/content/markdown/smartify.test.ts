// smartifier() against Jekyll's own SmartyPants converter (what the smartify filter calls): titles and texts
// in the shapes blogs have, and seeded random ones, must come out the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smartifier } from '../../../src/content/markdown/index.js';
import { tokenSoup } from './random-markdown.js';
import { referenceHtml } from './reference.js';

const TEXTS = [
  `It's "quoted" -- and 'single' ... done`,
  `The '90s, rock 'n' roll, the dogs' bones`,
  `中文“引号”和"直引号"，'单引号'。`,
  `*a*'s中 and <em>a</em>'s b`,
  `Tom &amp; Jerry &copy; &nosuch; AT&T`,
  `<em>Emphasis</em> and <b>bold "quotes"</b>`,
  `<div class="x">A "block" tag</div> after`,
  `Line one\nLine "two"\n`,
  `<<French>> and \\<<escaped>>`,
  `C++ & C# -- "the" <languages>`,
  `"Quote at the start" and at the end "`,
  ``,
  `'`,
  `<!-- comment --> "after"`,
];

const random = tokenSoup(7, 200, 30);
const reference = referenceHtml([
  ...TEXTS.map((source, i) => ({ name: `t${i}`, kind: 'smartify' as const, source })),
  ...random.map((source, i) => ({ name: `r${i}`, kind: 'smartify' as const, source })),
  { name: 'options', kind: 'smartify', source: `"Straight" -- 'quotes'`, kramdown: { smart_quotes: 'apos,apos,quot,quot' } },
]);

test("texts smartified as Jekyll's smartify filter does", () => {
  const smartify = smartifier();
  for (const [i, text] of TEXTS.entries()) assert.equal(smartify(text), reference.get(`t${i}`), JSON.stringify(text));
});

test('random texts smartified as Jekyll does', () => {
  const smartify = smartifier();
  const differing = random.filter((text, i) => !(reference.get(`r${i}`) ?? '').startsWith('!error') && smartify(text) !== reference.get(`r${i}`));
  assert.deepEqual(differing, []);
});

test("the site's kramdown options apply", () => {
  assert.equal(smartifier({ smart_quotes: 'apos,apos,quot,quot' })(`"Straight" -- 'quotes'`), reference.get('options'));
});
