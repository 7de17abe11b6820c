// The commands: what --help shows of each, and the module that runs it, imported only when it does.
import type { Command } from './args.js';

export const COMMANDS: readonly Command[] = [
  {
    name: 'serve',
    summary: 'Serve the feeds and pages over HTTP, rescanning on the schedule (what npm start runs).',
    options: {
      port: { type: 'string', short: 'p', arg: '<port>', help: 'port to listen on (overrides server.port and PORT)' },
      host: { type: 'string', arg: '<address>', help: 'address to listen on (overrides server.host and HOST)' },
    },
    load: () => import('./serve.js'),
  },
  {
    name: 'build',
    summary: 'Write every document the server sends to a folder, each with its .gz and .br siblings.',
    details:
      'Feeds, pages, the OPML list, stylesheets and assets, byte for byte what the server sends, archive pages included. ' +
      'The folder is a link to a new tree, swapped in one step: an existing folder is replaced as a whole.',
    options: {
      out: { type: 'string', short: 'o', arg: '<dir>', help: 'output folder (default public)' },
    },
    load: () => import('./build.js'),
  },
  {
    name: 'check',
    summary: 'Read the posts as the server does and print every problem; exit 1 if a post is rejected.',
    details: 'One line per problem, path:line: severity: reason [code], paths from the working folder.',
    options: {
      json: { type: 'boolean', help: 'print one JSON report on stdout instead' },
      explain: { type: 'boolean', help: 'first print every setting and where it came from (file and key, variable, flag, default)' },
    },
    load: () => import('./check.js'),
  },
  {
    name: 'publish',
    summary: 'Upload to an S3 bucket what differs from it, then purge the CDN and ping the WebSub hubs.',
    details:
      "The tree build writes goes to s3://bucket/prefix (else publish.target), only what differs from the bucket's manifest, " +
      "with the server's headers; then what the site no longer has is deleted, the CDN purged (publish.purge) and the WebSub " +
      'hubs pinged for the feeds that changed.',
    argument: { name: 'target', arg: '[s3://bucket/prefix]' },
    options: {
      'dry-run': { type: 'boolean', help: 'print what would be uploaded and deleted, change nothing' },
      'no-delete': { type: 'boolean', help: 'keep objects the site no longer has (this time)' },
      'no-ping': { type: 'boolean', help: 'do not tell the WebSub hubs (websub.hubs) of the changed feeds' },
    },
    load: () => import('./publish.js'),
  },
];
