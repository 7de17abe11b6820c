// The output formats, one row each, at the bottom of the house: the config's names, the file in each
// scope's folder, the media type, the label people see, which bytes of a post's content it carries and
// its browser stylesheet. The config, the feed models (self links), routes, OPML and pages all read this
// table; render/formats.ts adds each row's renderer (Hugo's output formats: a format is a value). A new
// format is a row here and a renderer there, and the type checker asks for the second.

export const FORMAT_TABLE = [
  { name: 'rss', file: 'rss.xml', mediaType: 'application/rss+xml', label: 'RSS', content: 'xml', stylesheet: 'rss.xsl' },
  { name: 'atom', file: 'atom.xml', mediaType: 'application/atom+xml', label: 'Atom', content: 'xml', stylesheet: 'atom.xsl' },
  { name: 'json', file: 'feed.json', mediaType: 'application/feed+json', label: 'JSON Feed', content: 'json', stylesheet: undefined },
] as const satisfies readonly FormatRow[];

export interface FormatRow {
  readonly name: string;
  /** File name inside a scope's folder. */
  readonly file: string;
  readonly mediaType: string;
  /** Human name, for links and page titles. */
  readonly label: string;
  /** Which prepared bytes of a post's content this format splices in. */
  readonly content: 'xml' | 'json';
  /** The XSLT stylesheet at feedwright's root that a browser shows the feed with (XML formats only). */
  readonly stylesheet: string | undefined;
}

export type FormatName = (typeof FORMAT_TABLE)[number]['name'];

/** The names, in the table's order (the config's enum and default). */
export const FORMAT_NAMES = FORMAT_TABLE.map((f) => f.name) as [FormatName, ...FormatName[]];
