// Ruby's String#strip family: ASCII whitespace and NUL only. JavaScript's trim() also takes U+3000 (the CJK
// ideographic space) and U+00A0, which kramdown keeps as text.
export function rstrip(s: string): string {
  return s.replace(/[ \t\n\v\f\r\0]+$/, '');
}

export function lstrip(s: string): string {
  return s.replace(/^[ \t\n\v\f\r\0]+/, '');
}

export function strip(s: string): string {
  return lstrip(rstrip(s));
}

/** Ruby's String#chomp: one trailing \n, \r\n or \r. */
export function chomp(s: string): string {
  return s.replace(/(?:\r\n|\n|\r)$/, '');
}
