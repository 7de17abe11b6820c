// The text Jekyll takes a post's excerpt from (src/content/excerpt.ts, Jekyll's excerpt.rb).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excerptSource } from '../../src/content/excerpt.js';

test("the text before the separator; the post's own separator wins; none: no excerpt", () => {
  assert.equal(excerptSource('First para.\n\nSecond.', undefined, '\n\n'), 'First para.');
  assert.equal(excerptSource('All one paragraph.', undefined, '\n\n'), 'All one paragraph.');
  assert.equal(excerptSource('A\n\nB<!--more-->C', { excerpt_separator: '<!--more-->' }, '\n\n'), 'A\n\nB');
  assert.equal(excerptSource('A\n\nB', undefined, ''), undefined);
});

test('a Liquid block the cut leaves open is closed; link definitions used before the cut come along', () => {
  assert.equal(excerptSource('{% if x %}a\n\nb{% endif %}', undefined, '\n\n'), '{% if x %}a\n{% endif %}');
  assert.equal(excerptSource('{% highlight ruby %}\nx\n\ny\n{% endhighlight %}', undefined, '\n\n'), '{% highlight ruby %}\nx\n{% endhighlight %}');
  assert.equal(
    excerptSource('See [the docs][d].\n\nMore.\n\n[d]: https://d.example/\n[e]: https://e.example/', undefined, '\n\n'),
    'See [the docs][d].\n\n[d]: https://d.example/',
  );
});
