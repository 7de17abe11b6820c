// Front matter built to hurt (issue 12): made by the tests, never committed, so the big ones cost no
// space in the repository and every size is what the test says.

/** Front matter lines, then a short body, as a post file. */
export function post(frontMatter: string, body = '<p>body</p>'): string {
  return `---\ntitle: Hostile\ndate: 2024-03-01 10:00:00 +0800\n${frontMatter}\n---\n${body}\n`;
}

/** "Billion laughs": nine levels of nine aliases each, ~550 bytes that expand to 9^9 values. */
export function billionLaughs(kind: 'list' | 'map' = 'list'): string {
  const lines = [
    kind === 'list'
      ? 'l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'
      : 'l0: &l0 {a: lol, b: lol, c: lol, d: lol, e: lol, f: lol, g: lol, h: lol, i: lol}',
  ];
  for (let i = 1; i < 9; i++) {
    const refs = Array.from({ length: 9 }, (_, j) => (kind === 'list' ? `*l${i - 1}` : `${'abcdefghi'[j]}: *l${i - 1}`));
    lines.push(kind === 'list' ? `l${i}: &l${i} [${refs.join(', ')}]` : `l${i}: &l${i} {${refs.join(', ')}}`);
  }
  lines.push('tags: *l8');
  return post(lines.join('\n'));
}

/** Each anchor a list holding the one before: the value of `tags` nests `depth` deep. */
export function aliasChain(depth: number): string {
  const lines = ['c0: &c0 [x]'];
  for (let i = 1; i < depth; i++) lines.push(`c${i}: &c${i} [*c${i - 1}]`);
  lines.push(`tags: *c${depth - 1}`);
  return post(lines.join('\n'));
}

/** `tags: "t0 t1 … t<n-1>"` on one line. */
export function longTags(n: number): string {
  return post(`tags: "${Array.from({ length: n }, (_, i) => `t${i}`).join(' ')}"`);
}

/** Front matter of about `bytes` bytes, in keys of ~40 bytes (the slow shape for a YAML parser). */
export function bigFrontMatter(bytes: number): string {
  const lines: string[] = [];
  for (let size = 0, i = 0; size < bytes; i++) {
    const line = `k${i}: "value number ${i} with some text"`;
    lines.push(line);
    size += line.length + 1;
  }
  return post(lines.join('\n'));
}

/** A Markdown body of about `bytes` bytes (one that takes the renderer ~0.3 s a megabyte). */
export function bigBody(bytes: number): string {
  const para = 'Some text with *emphasis*, a [link](http://x.example/a) and `code`. 中文文字在这里。\n\n';
  return post('tags: big', para.repeat(Math.ceil(bytes / Buffer.byteLength(para))));
}
