// One post's Liquid (src/content/liquid/render-liquid.ts): what it reads is noted (the keys a rescan checks),
// what it cannot render as Jekyll is one problem at the post's line, and its budget ends a bomb.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LIQUID_BUDGET } from '../../../src/content/liquid/engine.js';
import { hasLiquid, renderLiquid, type LiquidResult } from '../../../src/content/liquid/render-liquid.js';
import { NO_FILES, type SiteFiles } from '../../../src/content/liquid/site.js';
import { testPost, testSite } from './helpers.js';

const FIRST_LINE = 5;

function render(text: string, site = testSite(), files: SiteFiles = NO_FILES, post = testPost(), ms?: number): LiquidResult {
  return renderLiquid(text, {
    post,
    site,
    files,
    markdown: (t) => `<md>${t}</md>`,
    body: text,
    firstLine: FIRST_LINE,
    kind: 'post',
    ...(ms === undefined ? {} : { ms }),
  });
}

describe('renderLiquid', () => {
  test('a text without {{ or {% has no Liquid', () => {
    assert.equal(hasLiquid('plain { text } %'), false);
    assert.equal(hasLiquid('a {{ b }}'), true);
    assert.equal(hasLiquid('a {% b %}'), true);
  });

  test('what a rendering reads is noted, key by key', () => {
    const other = testPost({ path: '_posts/2023-05-06-older.md', link: 'https://example.org/blog/2023/05/06/older.html', date: Date.UTC(2023, 4, 6) });
    const site = testSite({ data: { releases: [{ v: 1 }], team: [] }, includes: new Map([['note.html', '[{{ include.x }}]']]) }, [testPost(), other]);
    const files: SiteFiles = { read: (rel) => (rel === '_posts/snippet.txt' ? 'snip' : undefined), exists: () => false };
    const r = render(
      '{{ site.data.releases[0].v }} {{ site.title }} {% include note.html x=1 %} {% post_url 2023-05-06-older %} {% link _posts/2023-05-06-older.md %} {{ site.posts | size }} {{ site.time | date: "%Y" }} {% include_relative snippet.txt %} {{ "/a" | relative_url }}',
      site,
      files,
    );
    assert.deepEqual(r.problems, []);
    assert.equal(r.text, '1 Site [1] /blog/2023/05/06/older.html /blog/2023/05/06/older.html 2 2024 snip /blog/a');
    assert.deepEqual([...r.deps].sort(), [
      'config:baseurl',
      'config:title',
      'data:releases',
      'file:_posts/snippet.txt',
      'include:note.html',
      'link:_posts/2023-05-06-older.md',
      'post:2023-05-06-older',
      'posts',
      'time',
    ]);
  });

  test('page: url, id, date as Ruby prints it, a title from the file name, the neighbours in site.posts', () => {
    const older = testPost({
      path: '_posts/2023-05-06-older.md',
      title: 'Older',
      link: 'https://example.org/blog/2023/05/06/older.html',
      front: { title: 'Older' },
    });
    const site = testSite({}, [testPost(), older]);
    const r = render(
      '{{ page.url }}|{{ page.id }}|{{ page.date }}|{{ page.title }}|{{ page.slug }}|{{ page.previous.title }}|{{ page.next }}|{{ page.path }}',
      site,
    );
    assert.equal(
      r.text,
      '/2024/01/02/hello-world.html|/2024/01/02/hello-world|2024-01-02 09:30:00 +0800|Hello World|hello-world|Older||_posts/2024-01-02-hello-world.md',
    );
  });

  test('an unknown tag renders nothing, an unknown filter leaves its input: one problem each, at the file line', () => {
    const r = render('a\n{% avatar me %}b\n{{ "x" | shout }} {{ "y" | shout }}\n{% avatar me %}');
    assert.equal(r.text, 'a\nb\nx y\n');
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.line, p.severity]),
      [
        ['FW_LIQUID_UNKNOWN_TAG', FIRST_LINE + 1, 'warning'],
        ['FW_LIQUID_UNKNOWN_FILTER', FIRST_LINE + 2, 'warning'],
        ['FW_LIQUID_UNKNOWN_TAG', FIRST_LINE + 3, 'warning'],
      ],
    );
    assert.match(r.problems[0]?.reason ?? '', /\{% avatar %\}/);
  });

  test('Liquid that does not parse: no text, a syntax problem at its line', () => {
    const r = render('ok\n\n{% if true %}never closed');
    assert.equal(r.text, undefined);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.line]),
      [['FW_LIQUID_SYNTAX', FIRST_LINE + 2]],
    );
  });

  test('the budget: a huge loop, huge output, an include that includes itself', () => {
    const self = testSite({ includes: new Map([['self.html', 'x{% include self.html %}']]) });
    // Each case is given time enough that its own limit, not the clock of a loaded machine, ends it.
    const cases: [string, RegExp, number, number | undefined][] = [
      ['{% for i in (1..100000000) %}x{% endfor %}', /memory alloc limit exceeded/, FIRST_LINE, 600_000],
      // The count of steps, whatever the clock says: the same post stops at the same place on every machine.
      [`{% for i in (1..${LIQUID_BUDGET.steps + 1}) %}x{% endfor %}`, /steps rendered/, FIRST_LINE, 600_000],
      ['\n{% for i in (1..200000) %}0123456789012345678901234567890123456789{% endfor %}', /characters of output/, FIRST_LINE + 1, 600_000],
      // And the clock: no budget of steps or output is near, the time is.
      ['{% for i in (1..1000) %}x{% endfor %}', /ms of rendering/, FIRST_LINE, 0],
    ];
    for (const [text, why, line, ms] of cases) {
      const r = render(text, testSite(), NO_FILES, testPost(), ms);
      assert.equal(r.text, undefined, text);
      assert.equal(r.problems[0]?.code, 'FW_LIQUID_OVER_BUDGET', text);
      assert.match(r.problems[0]?.reason ?? '', why, text);
      assert.equal(r.problems[0]?.line, line, text);
    }
    const r = render('a\nb {% include self.html %}', self);
    assert.equal(r.problems[0]?.code, 'FW_LIQUID_OVER_BUDGET');
    assert.match(r.problems[0]?.reason ?? '', /nested more than 16/);
    assert.equal(r.problems[0]?.line, FIRST_LINE + 1, 'at the outermost include');
  });

  test('includes only from _includes/: a way out is refused and reported, nothing is read', () => {
    let asked = false;
    const files: SiteFiles = {
      read: () => {
        asked = true;
        return 'secret';
      },
      exists: () => true,
    };
    for (const name of ['../_config.yml', '/etc/passwd', './note.html', 'a//b.html']) {
      const r = render(`{% include ${name} %}`, testSite(), files);
      assert.equal(r.text, '', name);
      assert.equal(r.problems[0]?.code, 'FW_LIQUID_MISSING_INCLUDE', name);
    }
    assert.equal(render('{% include_relative ../../x.txt %}', testSite(), files).problems[0]?.code, 'FW_LIQUID_MISSING_INCLUDE');
    assert.equal(asked, false);
  });

  test("what feedwright renders otherwise than Jekyll is said: site.pages, another post's content, sample", () => {
    const r = render('{{ site.pages | size }}{% for p in site.posts %}{{ p.content }}{% endfor %}{{ site.data.x | sample }}');
    assert.equal(r.text, '0');
    assert.deepEqual(
      r.problems.map((p) => p.code),
      ['FW_LIQUID_NOT_SUPPORTED', 'FW_LIQUID_NOT_SUPPORTED', 'FW_LIQUID_NOT_SUPPORTED'],
    );
  });

  test("highlight: Jekyll's figure markup, on lines of its own in a Markdown document (the converter's prefix and suffix)", () => {
    const text = 'a {% highlight ruby %}\nx < 1\n{% endhighlight %} b';
    const figure = '<figure class="highlight"><pre><code class="language-ruby" data-lang="ruby">x &lt; 1</code></pre></figure>';
    const html = renderLiquid(text, { post: testPost(), site: testSite(), files: NO_FILES, markdown: (t) => t, body: text, firstLine: 1, kind: 'post' });
    assert.equal(html.text, `a ${figure} b`);
    const md = renderLiquid(text, {
      post: testPost(),
      site: testSite(),
      files: NO_FILES,
      markdown: (t) => t,
      body: text,
      firstLine: 1,
      kind: 'post',
      converted: true,
    });
    assert.equal(md.text, `a \n${figure}\n b`);
  });

  test('the same post and site always give the same text (no clock: site.time is the newest post)', () => {
    const text = '{{ site.time }} {{ "now" | date: "%Y-%m-%d" }} {{ page.date | date_to_xmlschema }}';
    assert.equal(render(text).text, '2024-01-02 09:30:00 +0800 2024-01-02 2024-01-02T09:30:00+08:00');
    assert.equal(render(text).text, render(text).text);
  });
});
