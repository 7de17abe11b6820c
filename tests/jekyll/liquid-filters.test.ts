// Liquid as Jekyll runs it, one construct at a time: each snippet below is rendered by Debian's real
// `jekyll build` (on a page of a small site) and by feedwright's engine (src/content/liquid/) with the
// same _config.yml, _data/ and _includes/ read as a rescan reads them, and the outputs must be equal.
// The few known differences are docs/guides/coming-from-jekyll.md's, and are not here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { markdownRenderer } from '../../src/content/markdown/index.js';
import { renderLiquid } from '../../src/content/liquid/render-liquid.js';
import { liquidSite } from '../../src/content/liquid/site.js';
import type { Post } from '../../src/posts/post.js';
import { SiteInputs, siteFilesAt } from '../../src/sources/site-files.js';

const FILES: Record<string, string> = {
  '_config.yml': [
    'title: "Site & <Title>"',
    'url: https://example.org',
    'baseurl: /blog',
    'timezone: Asia/Shanghai',
    'permalink: pretty',
    'custom:',
    '  list: [b, a, c]',
    '  nested: { deep: 42 }',
    'empty_list: []',
    '',
  ].join('\n'),
  '_data/rel.yml': [
    '- version: 3.3.12',
    '  url: { gz: "https://x/3.3.12.tar.gz" }',
    '  date: 2024-01-02',
    '  n: 10',
    '  checksum: 1111111111111111111111111111111111111111111111111111111111111111',
    '  security: yes',
    '- version: 3.3.9',
    '  url: { gz: "https://x/3.3.9.tar.gz" }',
    '  n: 9',
    '  tags: [a, b]',
    '  security: no',
    '- version: "3.4.0"',
    '  n: 2',
    '  rank: "07"',
    '',
  ].join('\n'),
  '_data/people.json': '[{"name": "Ann", "age": 31, "city": "Oslo"}, {"name": "Bo", "age": 25, "city": "Lima"}, {"name": "Cy", "age": 31, "city": null}]',
  '_data/mirrors.csv': 'name,url\nTsukuba,https://t.example/\n"Berlin, DE",https://b.example/\nEmpty,\n',
  '_data/sub dir/links.tsv': 'label\thref\nDocs\thttps://docs.example/\n',
  '_includes/note.html': '<div class="{{ include.type | default: "info" }}">{{ include.content }}</div>',
  '_includes/loop.html': '{% for x in include.items %}[{{ x }}]{% endfor %}',
  '_includes/nested/inner.html': 'inner:{{ include.v }}',
  'about.md': '---\ntitle: About\n---\nAbout\n',
  'docs/guide.html': '---\npermalink: /guide/\n---\nGuide\n',
  'assets/file.pdf': 'pdf',
};

const SNIPPETS = [
  // Jekyll's filters (filters.rb, url_filters.rb, date_filters.rb, grouping_filters.rb)
  '{{ "Hello World & <b>x</b> \'q\' >" | xml_escape }} {{ \'say "hi"\' | xml_escape }}',
  '{{ "foo,bar;baz? é/ü ~x*y" | cgi_escape }}',
  '{{ "foo, bar baz? é ü #x [y]" | uri_escape }}',
  '{{ "Hello, World! Ça va? 中文 _x_" | slugify }}',
  '{{ "Hello, World! Ça va? 中文 _x_" | slugify: "pretty" }}',
  '{{ "Hello, World! Ça va? 中文 _x_" | slugify: "ascii" }}',
  '{{ "Hello, World! Ça va? 中文 _x_" | slugify: "raw" }}',
  '{{ "Hello, World! Ça va? Ærø straße" | slugify: "latin" }}',
  '{{ "Hello World" | slugify: "none" }}',
  '{{ "/about/" | relative_url }} {{ "about" | relative_url }} {{ "" | relative_url }} {{ "/a b/ü" | relative_url }}',
  '{{ "/about/" | absolute_url }} {{ "https://other.example/x" | absolute_url }} {{ "mailto:a@b.c" | relative_url }}',
  '{{ "/x/index.html" | strip_index }} {{ "/x/index.htm" | strip_index }} {{ "/x/a.html" | strip_index }}',
  '{{ "2024-01-02 10:20:30 +0200" | date_to_xmlschema }} {{ "2024-01-02" | date_to_xmlschema }}',
  '{{ "2024-01-02 10:20:30" | date_to_rfc822 }} {{ "2024-07-02T10:20:30Z" | date_to_rfc822 }}',
  '{{ "2024-01-02" | date_to_string }} {{ "2024-01-02" | date_to_string: "ordinal" }} {{ "2024-01-22" | date_to_string: "ordinal", "US" }}',
  '{{ "2024-01-13" | date_to_long_string }} {{ "2024-03-03" | date_to_long_string: "ordinal" }} {{ "2024-03-11" | date_to_long_string: "ordinal", "US" }}',
  '{{ "2024-01-02 10:20:30" | date: "%Y-%m-%d %H:%M:%S %z %:z %a %A %b %B %-d %e %j %p %P %I %l %k %-m %y %C %u %w %%" }}',
  '{{ "2024-12-30 01:02:03 +0530" | date: "%G-W%V-%u %U %W %s %F %T %D %R %r %c" }}',
  '{{ "2024-01-02" | date: "%^a %^B %-H %_m %010Y" }}',
  '{{ site.data.rel[0].date | date: "%d/%m/%Y" }} {{ 1704153600 | date: "%Y-%m-%d %H:%M" }}',
  '{{ "not a date" | date: "%Y" }}|{{ "" | date: "%Y" }}|{{ nil | date: "%Y" }}',
  '{{ "He said hi -- and left..." | smartify }}',
  '{{ "*hi* there" | markdownify }}',
  '{{ site.data.rel | jsonify }}',
  "{{ site.custom | jsonify }} {{ site.custom.list | jsonify }} {{ 'a\"b' | jsonify }} {{ nil | jsonify }}",
  '{{ site.data.rel | where: "version", "3.3.12" | first | map: "url" | jsonify }}',
  '{% assign v = site.data.rel | where: "version", "3.3.12" | first %}{{ v.url.gz }} {{ v.checksum }} {{ v.security }}',
  '{{ site.data.rel | where: "tags", "a" | size }} {{ site.data.rel | where: "n", 9 | size }} {{ site.data.rel | where: "n", "9" | size }} {{ site.data.rel | where: "rank", 7 | size }}',
  '{{ site.data.rel | where: "url.gz", "https://x/3.3.9.tar.gz" | map: "version" | join }} {{ site.data.rel | where: "missing", nil | size }}',
  '{{ site.data.rel | where_exp: "r", "r.n > 5" | map: "version" | join: "," }} {{ site.data.rel | where_exp: "r", "r.tags contains \'b\' or r.n == 2" | map: "version" | join: "," }}',
  '{{ site.data.rel | find: "version", "3.3.9" | map: "n" }} {{ site.data.rel | find: "version", "9.9" | jsonify }}',
  '{{ site.data.rel | find_exp: "r", "r.n < 5" | jsonify }}',
  '{{ site.data.rel | group_by: "n" | jsonify }}',
  '{{ site.data.people | group_by: "age" | map: "name" | join: "," }} {{ site.data.people | group_by_exp: "p", "p.age | plus: 1" | map: "size" | join: "," }}',
  '{{ site.data.rel | sort: "version" | map: "version" | join: "," }} {{ site.data.rel | sort: "date", "last" | map: "version" | join: "," }} {{ site.data.rel | sort: "date" | map: "version" | join: "," }}',
  '{{ site.data.people | sort: "city", "last" | map: "name" | join: "," }} {{ site.custom.list | sort | join: "," }} {{ site.data.rel | sort: "n" | map: "n" | join: "," }}',
  '{{ "one two  three four" | number_of_words }} {{ "中文 字 hello" | number_of_words: "cjk" }} {{ "中文 字 hello" | number_of_words: "auto" }} {{ "plain words" | number_of_words: "auto" }}',
  '{{ site.custom.list | array_to_sentence_string }}|{{ site.custom.list | array_to_sentence_string: "or" }}|{{ site.empty_list | array_to_sentence_string }}',
  '{{ "  a    b  " | normalize_whitespace }}|',
  '{{ site.custom.list | push: "z" | join: "," }} {{ site.custom.list | pop | join: "," }} {{ site.custom.list | shift | join: "," }} {{ site.custom.list | unshift: "z" | join: "," }}',
  '{{ "12abc" | to_integer }} {{ "abc" | to_integer }} {{ 3.9 | to_integer }} {{ true | to_integer }}',
  '{{ site.custom.list | inspect }} {{ site.custom.nested | inspect }} {{ nil | inspect }} {{ "x" | inspect }}',
  '{{ site.title }}|{{ site.baseurl }}|{{ site.url }}|{{ site.custom.nested.deep }}',
  '{{ site.markdown }}|{{ site.permalink }}|{{ site.excerpt_separator | jsonify }}|{{ site.highlighter }}|{{ site.kramdown.input }}',
  '{% for m in site.data.mirrors %}{{ m.name }}={{ m.url }};{% endfor %} {{ site.data.sub_dir.links[0].label }}',
  // Liquid's own filters, as Ruby's Liquid 5 does them
  '{{ 10 | divided_by: 3 }} {{ 9 | divided_by: 2.5 }} {{ -7 | divided_by: 2 }} {{ 3.14159 | round: 2 }} {{ 5 | plus: 2.5 }} {{ 0.1 | plus: 0.2 }}',
  '{{ 7 | modulo: 3 }} {{ -3 | abs }} {{ 4.2 | ceil }} {{ 4.8 | floor }} {{ 1 | at_least: 5 }} {{ 9 | at_most: 5 }} {{ 3 | times: 4 }} {{ 10 | minus: 3 }}',
  '{{ "a,b,c" | split: "," | reverse | join: "-" }} {{ "Hello" | truncate: 3 }} {{ "one two three" | truncatewords: 2 }} {{ "Hello" | truncate: 4, "" }}',
  '{{ nil | default: "d" }} {{ false | default: "d" }} {{ "" | default: "d" }} {{ site.empty_list | default: "d" }} {{ false | default: "d", allow_false: true }}',
  '{{ "<p>a</p><!-- c --><script>x</script>b" | strip_html }}|{{ "a\nb" | strip_newlines }}|{{ "  x  " | strip }}|{{ "  x  " | lstrip }}|{{ "  x  " | rstrip }}|',
  '{{ "x" | append: "y" | prepend: "w" | upcase }} {{ "WxY" | downcase }} {{ "hello world" | capitalize }}',
  '{{ "hello" | replace: "l", "L" }} {{ "hello" | replace_first: "l", "L" }} {{ "hello" | remove: "l" }} {{ "hello" | remove_first: "l" }}',
  '{{ site.custom.list | size }} {{ "abc" | size }} {{ site.custom.list.first }} {{ site.custom.list.last }} {{ site.custom.list | first }} {{ site.custom.list | last }}',
  '{{ "a < b & c" | escape }} {{ "&amp; <" | escape_once }} {{ "a b&c" | url_encode }} {{ "a+b%20c" | url_decode }}',
  '{{ site.data.rel | map: "version" | compact | uniq | join: "," }} {{ site.custom.list | concat: site.custom.list | uniq | join }} {{ "abcdef" | slice: 1, 3 }} {{ site.custom.list | slice: -2, 2 | join }}',
  '{{ site.data.rel | first | jsonify }}',
  '{{ true }} {{ false }} {{ nil }}x {{ 42 }} {{ -1.5 }} {{ "s" }}',
  '{{ site.custom }} {{ site.custom.list }} {{ site.data.rel[1].tags }}',
  // Liquid's tags
  '{% for i in (1..5) limit: 2 offset: 1 %}{{ i }}{% endfor %} {% for i in (1..5) reversed %}{{ i }}{% endfor %} {% for i in site.empty_list %}x{% else %}none{% endfor %}',
  '{% for i in (1..3) %}{{ forloop.index }}{{ forloop.index0 }}{{ forloop.rindex }}{{ forloop.first }}{{ forloop.last }}{{ forloop.length }} {% endfor %}',
  '{% for i in (1..10) %}{% if i == 3 %}{% continue %}{% endif %}{% if i > 5 %}{% break %}{% endif %}{{ i }}{% endfor %}',
  '{% capture c %}x{{ 1 | plus: 1 }}{% endcapture %}{{ c }} {% assign a = "v" | upcase %}{{ a }}',
  '{% case 2 %}{% when 1 %}one{% when 2, 3 %}two{% else %}other{% endcase %} {% case "x" %}{% when "y" %}y{% else %}else{% endcase %}',
  '{% unless false %}u{% endunless %} {% if "a" contains "a" and 1 < 2 %}yes{% elsif true %}no{% else %}never{% endif %} {% if site.custom.list contains "b" %}has b{% endif %}',
  '{% if site.empty_list == empty %}empty{% endif %} {% if "" == empty %}empty text{% endif %} {% if nil %}x{% else %}nil is false{% endif %} {% if 0 %}0 is true{% endif %}',
  '{% increment n %}{% increment n %}{% decrement m %}{% decrement m %}',
  '{% cycle "a", "b" %}{% cycle "a", "b" %}{% cycle "a", "b" %} {% cycle "g": "x", "y" %}{% cycle "g": "x", "y" %}',
  '{% comment %}gone{% endcomment %}kept {% raw %}{{ not rendered }} {% if %}{% endraw %}',
  '{% liquid assign x = "liq" | upcase\necho x %}',
  '{% echo "echoed" | append: "!" %}',
  '  {%- if true -%}  trimmed  {%- endif -%}  | {{- "x" -}} |',
  // Jekyll's tags
  '{% include note.html type="warn" content="Careful & more" %}',
  '{% assign t = "note.html" %}{% include {{ t }} content=site.title %}',
  '{% include loop.html items=site.custom.list %} {% include nested/inner.html v=42 %}',
  '{% highlight ruby %}\ndef x(a)\n  a < 1 && "b"\nend\n{% endhighlight %}',
  '{% highlight c++ linenos %}\nint main() { return 0; }\n{% endhighlight %}',
  '{% highlight text %}{{ site.title }}{% endhighlight %}',
  '{% link about.md %} {% link docs/guide.html %} {% link assets/file.pdf %}',
];

/** One page with every snippet, each after a marker, built by the real Jekyll; its output by marker. */
function jekyllOutputs(): { site: string; outputs: Map<number, string> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-liquid-filters-'));
  const source = path.join(dir, 'src');
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(source, rel)), { recursive: true });
    writeFileSync(path.join(source, rel), text);
  }
  const page = SNIPPETS.map((s, i) => `@@${i}@@${s}`).join('\n');
  writeFileSync(path.join(source, 'out.html'), `---\nlayout: null\npermalink: /out.txt\n---\n${page}\n@@end@@\n`);
  const run = spawnSync('jekyll', ['build', '--quiet', '-s', source, '-d', path.join(dir, 'site')], {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', JEKYLL_ENV: 'production' },
  });
  assert.equal(run.status, 0, `jekyll build failed (is jekyll installed? scripts/install-debian-deps.sh test):\n${run.stdout}${run.stderr}`);
  const out = readFileSync(path.join(dir, 'site', 'out.txt'), 'utf8');
  const parts = out.split(/@@(\d+|end)@@/);
  const byIndex = new Map<number, string>();
  for (let i = 1; i < parts.length; i += 2) if (parts[i] !== 'end') byIndex.set(Number(parts[i]), (parts[i + 1] ?? '').replace(/\n$/, ''));
  return { site: source, outputs: byIndex };
}

test("every snippet renders as Jekyll 4.3's Liquid renders it", () => {
  const { site: root, outputs } = jekyllOutputs();
  const values = new SiteInputs(root).read().values;
  assert.deepEqual(values.problems, []);
  const site = liquidSite(values, [], { timeZone: 'Asia/Shanghai', siteUrl: 'https://example.org/blog/', markdownExtensions: ['md'] });
  const post = {
    path: 'out.html',
    hash: '',
    title: '',
    date: 0,
    updated: 0,
    categories: [],
    tags: [],
    author: undefined,
    excerpt: undefined,
    link: 'https://example.org/blog/out.txt',
    id: '',
    image: undefined,
    front: {},
  } satisfies Post;
  const markdown = markdownRenderer({ engine: 'kramdown' });
  const wrong: string[] = [];
  SNIPPETS.forEach((snippet, i) => {
    // Each snippet alone, as Jekyll rendered it: increment, cycle and assign start afresh.
    const result = renderLiquid(snippet, { post, site, files: siteFilesAt(root), markdown, body: snippet, firstLine: 1, kind: 'post' });
    // Token colouring is Rouge's and optional (readers drop classes): highlighted code is compared without it.
    const uncoloured = (text: string | undefined): string | undefined => text?.replace(/<span class="[^"]*">|<\/span>/g, '');
    const want = snippet.startsWith('{% highlight') ? uncoloured(outputs.get(i)) : outputs.get(i);
    if (result.text !== want)
      wrong.push(
        `${snippet}\n   jekyll:     ${JSON.stringify(want)}\n   feedwright: ${JSON.stringify(result.text)} ${JSON.stringify(result.problems.map((p) => p.reason))}`,
      );
  });
  assert.equal(wrong.length, 0, `${wrong.length} of ${SNIPPETS.length} snippets differ:\n${wrong.slice(0, 10).join('\n')}`);
});
