import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { WallTime } from '../../src/posts/dates.js';
import { escapePath, expandPermalink, slugify } from '../../src/posts/permalink.js';

const DEFAULT = '/:categories/:year/:month/:day/:title/';
const HAVE_JEKYLL = spawnSync('ruby', ['-e', 'require "jekyll"']).status === 0;
const wall: WallTime = { year: 2022, month: 1, day: 5, hour: 9, minute: 3, second: 7, ms: 0 };

describe('expandPermalink', () => {
  test('the default pattern with categories lower-cased and joined with /', () => {
    assert.equal(expandPermalink(DEFAULT, { wall, categories: ['News', 'Tech'], slug: 'canal-market' }), '/news/tech/2022/01/05/canal-market/');
  });

  test('no categories: the empty segment collapses instead of leaving //', () => {
    assert.equal(expandPermalink(DEFAULT, { wall, categories: [], slug: 'canal-market' }), '/2022/01/05/canal-market/');
  });

  test('categories equal after lower-casing appear once', () => {
    assert.equal(expandPermalink('/:categories/:title/', { wall, categories: ['News', 'news'], slug: 'x' }), '/news/x/');
  });

  test(':title keeps case', () => {
    assert.equal(expandPermalink('/:title/', { wall, categories: [], slug: 'Canal-Market' }), '/Canal-Market/');
  });

  test(':title keeps CJK, percent-encoded as UTF-8 on the way out', () => {
    assert.equal(
      expandPermalink(DEFAULT, { wall, categories: ['新闻'], slug: '运河 早市' }),
      '/%E6%96%B0%E9%97%BB/2022/01/05/%E8%BF%90%E6%B2%B3-%E6%97%A9%E5%B8%82/',
    );
  });

  test(':slug is the default-mode, lower-case slug', () => {
    assert.equal(expandPermalink('/:slug/', { wall, categories: [], slug: "Rock 'n' Roll!" }), '/rock-n-roll/');
  });

  test(':i_month, :i_day, :short_year and :output_ext', () => {
    assert.equal(expandPermalink('/:short_year/:i_month/:i_day/:title:output_ext', { wall, categories: [], slug: 'x' }), '/22/1/5/x.html');
  });

  test(':hour, :minute, :second and :y_day', () => {
    assert.equal(expandPermalink('/:hour/:minute/:second/:y_day/', { wall, categories: [], slug: 'x' }), '/09/03/07/005/');
  });

  test(':y_day counts 29 February in leap years', () => {
    const march1 = (year: number): string => expandPermalink('/:y_day/', { wall: { ...wall, year, month: 3, day: 1 }, categories: [], slug: 'x' });
    assert.equal(march1(2023), '/060/');
    assert.equal(march1(2024), '/061/');
  });

  test('unknown placeholders are left as written', () => {
    assert.equal(expandPermalink('/:year/:author/:title/', { wall, categories: [], slug: 'x' }), '/2022/:author/x/');
  });

  test('two placeholders without a separator', () => {
    assert.equal(expandPermalink('/:year:month/', { wall, categories: [], slug: 'x' }), '/202201/');
  });

  test('characters outside the path set in a category are escaped; slashes in it stay', () => {
    assert.equal(expandPermalink('/:categories/', { wall, categories: ['A B', 'x?y#z'], slug: 'x' }), '/a%20b/x%3Fy%23z/');
  });
});

// What Jekyll 4.3's URL#sanitize_url makes of dots, from `ruby -e 'require "jekyll"; Jekyll::URL.new(…).to_s'`.
// [pattern, slug, categories, Jekyll's path]: a dot never climbs, and each post keeps a path of its own.
const DOTS: readonly (readonly [string, string, readonly string[], string])[] = [
  ['/:title/../../../../etc/', 'hello', [], '/hello/etc/'],
  ['/:categories/:title/', 'x', ['..'], '/x/'],
  ['/:categories/:title/', 'x', ['a/../../b'], '/a/b/x/'],
  ['/:categories/:title/', 'x', ['./.', '../..'], '/x/'],
  ['/:title/', '...', [], '/'],
  ['/:year/:title/', '..', [], '/2022/'],
  ['/:title/', '.hidden', [], '/.hidden/'],
  ['/:title/', 'a..b', [], '/a/b/'],
  ['/:title.html', 'a.', [], '/a/html'],
  ['/x/./:title/', 'a', [], '/x/a/'],
];

describe('dots in patterns and values, as Jekyll sanitises them', () => {
  test('`..` becomes `/`, `./` goes, slashes collapse: nothing climbs out of the site', () => {
    for (const [pattern, slug, categories, jekyll] of DOTS)
      assert.equal(expandPermalink(pattern, { wall, categories, slug }), jekyll, `${pattern} ${slug} ${categories.join(',')}`);
  });

  test("the table is what Debian's Jekyll answers", { skip: HAVE_JEKYLL ? false : 'needs ruby-jekyll' }, () => {
    const script = `require "jekyll"; require "json"
      JSON.parse(STDIN.read).each do |(pattern, slug, categories)|
        ph = { "title" => Jekyll::Utils.slugify(slug, mode: "pretty", cased: true), "categories" => categories.map(&:downcase).uniq.join("/"), "year" => "2022" }
        puts Jekyll::URL.new(template: pattern, placeholders: ph).to_s
      end`;
    const run = spawnSync('ruby', ['-e', script], { input: JSON.stringify(DOTS), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      run.stdout.trim().split('\n'),
      DOTS.map((d) => d[3]),
    );
  });
});

describe('slugify', () => {
  const text = 'Hello, World! C++ & Q&A (2)';

  test('default mode keeps letters, marks and digits and lower-cases', () => {
    assert.equal(slugify(text, 'default', false), 'hello-world-c-q-a-2');
  });

  test("pretty mode also keeps ._~!$&'()+,;=@ and can keep case", () => {
    assert.equal(slugify(text, 'pretty', true), 'Hello,-World!-C++-&-Q&A-(2)');
  });

  test('pretty mode keeps _ . ~ and lower-cases unless cased', () => {
    assert.equal(slugify('Café_au.lait~x', 'pretty', false), 'café_au.lait~x');
  });

  test('default mode turns _ . ~ into hyphens', () => {
    assert.equal(slugify('Café_au.lait~x', 'default', false), 'café-au-lait-x');
  });

  test('CJK is kept; leading and trailing hyphens trimmed', () => {
    assert.equal(slugify('  运河 · 早市!  ', 'default', false), '运河-早市');
  });

  test('combining marks stay with their letter', () => {
    assert.equal(slugify('Cafe\u0301 Noir', 'default', false), 'cafe\u0301-noir');
  });
});

describe('escapePath', () => {
  test("keeps Addressable's path characters and encodes the rest as UTF-8", () => {
    assert.equal(escapePath("/a-b_c.d~e!$&'()*+,;=:@/"), "/a-b_c.d~e!$&'()*+,;=:@/");
    assert.equal(escapePath('/a b/新/%/?#'), '/a%20b/%E6%96%B0/%25/%3F%23');
  });

  test('an emoji is encoded as its four UTF-8 bytes', () => {
    assert.equal(escapePath('/😀'), '/%F0%9F%98%80');
  });
});
