// What `build` shows while it works. On a terminal: one line, redrawn at most ten times a second, with
// files read, posts rendered and documents written. Elsewhere (a pipe, a log, CI): nothing, so a log
// holds the one summary line and no carriage returns.
import type { RescanProgress } from './rescan-once.js';

export interface ProgressStream {
  readonly isTTY?: boolean;
  /** The terminal's width: a longer line would wrap, and \r redraws only its last row. */
  readonly columns?: number;
  write(text: string): unknown;
}

const REDRAW_MS = 100;

export class BuildProgress implements RescanProgress {
  readonly #stream: ProgressStream;
  readonly #tty: boolean;
  readonly #timer: NodeJS.Timeout | undefined;
  #files = 0;
  #posts = 0;
  #written = 0;
  #documents = 0;
  #drawn = '';

  constructor(stream: ProgressStream) {
    this.#stream = stream;
    this.#tty = stream.isTTY === true;
    // A timer, not a redraw per count: counts come thousands a second on a big site.
    this.#timer = this.#tty ? setInterval(() => this.#draw(), REDRAW_MS).unref() : undefined;
  }

  readonly read = (files: number): void => {
    this.#files = files;
  };
  readonly rendered = (posts: number): void => {
    this.#posts = posts;
  };

  /** `written` of `documents` documents are on disk. */
  writing(written: number, documents: number): void {
    this.#written = written;
    this.#documents = documents;
  }

  /** The line as it stands, e.g. `1200 files read, 1180 posts rendered, 300/3600 documents written`. */
  line(): string {
    const docs = this.#documents > 0 ? `, ${this.#written}/${this.#documents} documents written` : '';
    return `${this.#files} files read, ${this.#posts} posts rendered${docs}`;
  }

  /** Clears the progress line (on a terminal) before the summary or an error is printed. */
  stop(): void {
    clearInterval(this.#timer);
    if (this.#drawn !== '') this.#stream.write('\r\x1b[K');
    this.#drawn = '';
  }

  #draw(): void {
    const text = `feedwright build: ${this.line()}`.slice(0, Math.max(20, (this.#stream.columns ?? 80) - 1));
    if (text === this.#drawn) return;
    // \r and erase-to-end-of-line: the line is redrawn in place.
    this.#stream.write(`\r\x1b[K${text}`);
    this.#drawn = text;
  }
}
