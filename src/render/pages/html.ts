// An `html` template tag that escapes every interpolated value unless it is already Html, so a name
// like `<img src=x onerror=…>` can only ever become text.
import { escapeUTF8 } from 'entities';

/** Markup that is already safe: made by `html`, never from a plain string. */
export class Html {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}

type Part = Html | string | number | false | null | undefined | readonly Part[];

function emit(value: Part): string {
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return value.map(emit).join('');
  if (value === false || value === null || value === undefined) return '';
  // escapeUTF8 escapes & < > " ' and leaves every other character (CJK, emoji) as it is.
  return escapeUTF8(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly Part[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += emit(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}
