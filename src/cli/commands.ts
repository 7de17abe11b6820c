// The commands: what --help shows of each, and the module that runs it, imported only when it does.
import type { Command } from './args.js';

export const COMMANDS: readonly Command[] = [
  {
    name: 'serve',
    summary: 'Serve the feeds and pages over HTTP, rescanning the posts on the schedule (what npm start runs).',
    options: {
      port: { type: 'string', short: 'p', arg: '<port>', help: 'port to listen on (overrides server.port and PORT)' },
      host: { type: 'string', arg: '<address>', help: 'address to listen on (overrides server.host and HOST)' },
    },
    load: () => import('./serve.js'),
  },
  {
    name: 'build',
    summary:
      'Write every feed, page, the OPML list, the stylesheets and assets to a folder, each with .gz and .br\n' +
      'siblings, byte for byte what the server sends. An existing folder is replaced as a whole.',
    options: {
      out: { type: 'string', short: 'o', arg: '<dir>', help: 'output folder (default public)' },
    },
    load: () => import('./build.js'),
  },
  {
    name: 'check',
    summary: 'Read the posts and print every problem as path:line: reason. Exit 1 when any post is rejected.',
    options: {
      json: { type: 'boolean', help: 'print one JSON report on stdout instead' },
      explain: { type: 'boolean', help: 'first print every setting and where it came from (file and key, variable, flag, default)' },
    },
    load: () => import('./check.js'),
  },
  {
    name: 'publish',
    summary:
      'Upload the tree build writes to an S3-compatible bucket (s3://bucket/prefix), only what differs from\n' +
      "the bucket's manifest, with the server's headers; then delete what the site no longer has, purge the\n" +
      'CDN (publish.purge) and ping the WebSub hubs for what changed.',
    argument: { name: 'target', arg: '[s3://bucket/prefix]' },
    options: {
      'dry-run': { type: 'boolean', help: 'print what would be uploaded and deleted, change nothing' },
      'no-delete': { type: 'boolean', help: 'keep objects the site no longer has (this time)' },
      'no-ping': { type: 'boolean', help: 'do not tell the WebSub hubs (websub.hubs) of the changed feeds' },
    },
    load: () => import('./publish.js'),
  },
];
