// A short, bounded rendering of a front matter value for a problem's reason: JSON.stringify of a value
// would walk (and copy) all of it, however big, only for its first few dozen characters to be shown.

/** At most `max` characters of the value's JSON, then `…`; stops walking once that many are written. */
export function preview(value: unknown, max = 60): string {
  let out = '';
  // Depth is bounded by the front matter budget (budget.ts), so recursion is safe here.
  const write = (v: unknown): boolean => {
    if (out.length > max) return false;
    if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length; i++) {
        if (i > 0) out += ',';
        if (!write(v[i])) return false;
      }
      out += ']';
    } else if (v !== null && typeof v === 'object') {
      out += '{';
      let first = true;
      for (const key in v) {
        if (!Object.hasOwn(v, key)) continue;
        out += `${first ? '' : ','}${JSON.stringify(key.slice(0, max))}:`;
        first = false;
        if (!write((v as Record<string, unknown>)[key])) return false;
      }
      out += '}';
    } else {
      out += typeof v === 'string' ? JSON.stringify(v.slice(0, max + 1)) : String(JSON.stringify(v) ?? v);
    }
    return out.length <= max;
  };
  return write(value) ? out : `${out.slice(0, max)}…`;
}
