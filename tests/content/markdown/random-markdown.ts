// Seeded random Markdown for the differential test: token soup (span constructs run together) and line soup
// (block markers, indentation and span pieces), the shapes that found every difference from kramdown so far.

/** Mulberry32: the same documents on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = ['*', '**', '_', '__', '[', ']', '(', ')', '<', '>', '{:', '}', '`', '``', '~~', '|', '-', '--', '---', '#', '## ', '\n', '\n\n', '  \n', '"', "'", '&', '&amp;', '&copy;', ';', ':', ': ', '^', '$$', '\\', 'word', 'foo bar', ' ', '  ', '    ', '中文', '，', '“', '<div>', '</div>', '<div markdown="1">', '<span>', '</span>', '[^1]', '[^1]: note\n', '*[HTML]: x\n', 'HTML', '- ', '* ', '1. ', '> ', '```\n', '```ruby\n', '~~~\n', '| a | b |\n', '|---|---|\n', '{: .c}\n', '{:toc}', '...', '<<', '>>', '![i](a.png)', '[l](http://x.com)', '[r]', '[r]: /u\n', '<http://a.b>', '\t', '<!-- c -->', '{::comment}', '{:/}', 'x', 'y', '.', ',', '!', '?', '=', '+', '1'];

const INDENT = ['', '', '', ' ', '  ', '   ', '    ', '\t', '      ', '        '];
const PREFIX = ['', '', '', '', '- ', '* ', '+ ', '1. ', '2. ', '> ', '>> ', '# ', '## ', ': ', '| ', '[^1]: ', '[^a]: ', '*[HTML]: ', '[r]: ', '{: ', '{:ald: ', '```', '~~~', '<div>', '</div>', '<div markdown="1">', '<p>', '</p>', '<!-- ', '$$', '^', '---', '***', '===', '- [ ] ', '- [x] ', '{::comment}', '{:/}', '<details>', '</details>', '<span>', '<img src="a.png">'];
const BODY = ['text', 'more words here', '中文内容', '“中文”', '"quoted"', "it's", '*em*', '**strong**', '_u_', '`code`', '[link](/x)', '[r]', '[^1]', 'HTML', '| a | b |', '|---|---|', '.c}', '#id}', 'ruby', '-->', '</div>', '$$', '...', '--', '<br>', '&copy;', 'a  ', 'x\\', '{:toc}', ''];

export function tokenSoup(seed: number, count: number, maxTokens: number): string[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(r() * maxTokens) }, () => TOKENS[Math.floor(r() * TOKENS.length)]).join(''));
}

export function lineSoup(seed: number, count: number, maxLines: number): string[] {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const line = () => (r() < 0.2 ? '' : pick(INDENT) + pick(PREFIX) + Array.from({ length: Math.floor(r() * 3) }, () => pick(BODY)).join(' '));
  return Array.from({ length: count }, () => `${Array.from({ length: 1 + Math.floor(r() * maxLines) }, line).join('\n')}\n`);
}
