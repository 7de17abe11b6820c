// Ruby's String#strip family: ASCII whitespace and NUL only. JavaScript's trim() also takes U+3000 (the CJK
// ideographic space) and U+00A0, which kramdown keeps as text.
// A loop, not /[…]+$/: V8 would try that pattern at every position of a long line.
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0;
}

export function rstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

export function lstrip(s: string): string {
  let start = 0;
  while (start < s.length && isSpace(s.charCodeAt(start))) start++;
  return start === 0 ? s : s.slice(start);
}

export function strip(s: string): string {
  return lstrip(rstrip(s));
}

/** Ruby's String#chomp: one trailing \n, \r\n or \r. */
export function chomp(s: string): string {
  return s.replace(/(?:\r\n|\n|\r)$/, '');
}
