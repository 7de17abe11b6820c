// A LiquidSite and Post for the tests of src/content/liquid/: a small site, as a rescan would make it.
import type { Post } from '../../../src/posts/post.js';
import { liquidSite, type LiquidSite } from '../../../src/content/liquid/site.js';

export function testPost(over: Partial<Post> = {}): Post {
  return {
    path: '_posts/2024-01-02-hello-world.md',
    hash: 'h1',
    title: 'Hello',
    date: Date.UTC(2024, 0, 2, 1, 30),
    updated: Date.UTC(2024, 0, 2, 1, 30),
    categories: [],
    tags: [],
    author: undefined,
    excerpt: undefined,
    link: 'https://example.org/blog/2024/01/02/hello-world.html',
    id: 'https://example.org/blog/2024/01/02/hello-world',
    image: undefined,
    front: {},
    ...over,
  };
}

export function testSite(over: Partial<Parameters<typeof liquidSite>[0]> = {}, posts: readonly Post[] = [testPost()]): LiquidSite {
  return liquidSite({ config: { title: 'Site', url: 'https://example.org', baseurl: '/blog' }, data: {}, includes: new Map(), version: 'v1', ...over }, posts, {
    timeZone: 'Asia/Shanghai',
    siteUrl: 'https://example.org/blog/',
    markdownExtensions: ['md'],
  });
}
