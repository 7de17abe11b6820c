// Runs the one feed contract (contract.ts) against every output format, each read by a real parser.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHTML } from 'entities';
import { FORMATS, formatsFor } from '../../src/render/formats.js';
import { parseXml, text, type XmlNode } from '../helpers/xml.js';
import { feedContract, type ParsedFeed, type FormatUnderTest } from './contract.js';
import { render } from './models.js';
import { xmlProblems } from './well-formed.js';

const nodes = (node: unknown): XmlNode[] => (Array.isArray(node) ? (node as XmlNode[]) : node ? [node as XmlNode] : []);

function wellFormed(xml: string): void {
  const problems = xmlProblems(xml);
  if (problems) throw new Error(`not well-formed:\n${problems}`);
}

function parseRss(xml: string): ParsedFeed {
  wellFormed(xml);
  const channel = (parseXml(xml) as { rss: { channel: XmlNode } }).rss.channel;
  const self = nodes(channel['atom:link']).find((l) => l['@rel'] === 'self');
  return {
    title: text(channel.title),
    updated: Date.parse(text(channel.lastBuildDate)),
    selfUrl: String(self?.['@href']),
    items: nodes(channel.item).map((item) => ({
      id: text(item.guid),
      link: text(item.link),
      title: text(item.title),
      published: Date.parse(text(item.pubDate)),
      updated: undefined,
    })),
  };
}

function parseAtom(xml: string): ParsedFeed {
  wellFormed(xml);
  const feed = (parseXml(xml) as { feed: XmlNode }).feed;
  const self = nodes(feed.link).find((l) => l['@rel'] === 'self');
  return {
    title: text(feed.title),
    updated: Date.parse(text(feed.updated)),
    selfUrl: String(self?.['@href']),
    items: nodes(feed.entry).map((entry) => {
      const title = entry.title as XmlNode;
      return {
        id: text(entry.id),
        link: String(nodes(entry.link).find((l) => l['@rel'] === undefined || l['@rel'] === 'alternate')?.['@href']),
        title: title['@type'] === 'html' ? decodeHTML(text(title)) : text(title),
        published: Date.parse(text(entry.published)),
        updated: Date.parse(text(entry.updated)),
      };
    }),
  };
}

interface JsonItem {
  id: string;
  url: string;
  title: string;
  date_published: string;
  date_modified?: string;
}

function parseJson(out: string): ParsedFeed {
  const doc = JSON.parse(out) as { title: string; feed_url: string; items: JsonItem[] };
  return {
    title: doc.title,
    updated: undefined,
    selfUrl: doc.feed_url,
    items: doc.items.map((i) => ({
      id: i.id,
      link: i.url,
      title: i.title,
      published: Date.parse(i.date_published),
      updated: i.date_modified === undefined ? undefined : Date.parse(i.date_modified),
    })),
  };
}

const PARSERS: Readonly<Record<string, (out: string) => ParsedFeed>> = { rss: parseRss, atom: parseAtom, json: parseJson };

describe('the format table', () => {
  test('three formats with their files, media types and content kinds', () => {
    assert.deepEqual(
      FORMATS.map((f) => [f.name, f.file, f.mediaType, f.label, f.content]),
      [
        ['rss', 'rss.xml', 'application/rss+xml', 'RSS', 'xml'],
        ['atom', 'atom.xml', 'application/atom+xml', 'Atom', 'xml'],
        ['json', 'feed.json', 'application/feed+json', 'JSON Feed', 'json'],
      ],
    );
  });

  test('formatsFor keeps the table order and only the names asked for', () => {
    assert.deepEqual(
      formatsFor(['json', 'rss']).map((f) => f.name),
      ['rss', 'json'],
    );
  });
});

for (const format of FORMATS) {
  const parse = PARSERS[format.name];
  if (!parse) throw new Error(`no parser for ${format.name}`);
  const underTest: FormatUnderTest = { name: format.label, file: format.file, render: (doc) => render(format.name, doc), parse };
  feedContract(underTest);
}
