// Posts → a scope per author (feeds.authors): every person a published post names (posts/fields/
// authors.ts tells who is who), each with their posts newest first, sorted by slug like categories.
import type { Author } from '../config/schema.js';
import type { Post } from '../posts/post.js';
import { compareText } from '../order.js';
import { assignSlugs } from './slug.js';

export interface AuthorGroup {
  readonly key: string;
  readonly name: string;
  readonly slug: string;
  /** Who the scope is of: the authors data's person, else the details the newest post gives. */
  readonly person: Author;
  readonly posts: readonly Post[];
}

/**
 * `posts`: published, newest first. A person's details come from the newest post that names them (for a
 * person of the authors data, every post gives the same). Slugs are given as to categories (slug.ts):
 * a key of the authors data is usually already its own slug; two people whose names make the same slug
 * both get a hashed one, so neither takes the other's address.
 */
export function authorGroups(posts: readonly Post[]): AuthorGroup[] {
  const byKey = new Map<string, { person: Author; posts: Post[] }>();
  for (const post of posts) {
    for (const author of post.authors ?? []) {
      const group = byKey.get(author.key);
      if (group) group.posts.push(post);
      else {
        const { key: _key, known: _known, ...person } = author;
        byKey.set(author.key, { person, posts: [post] });
      }
    }
  }
  const slugs = assignSlugs(byKey.keys());
  return [...byKey]
    .map(([key, { person, posts: list }]) => ({ key, name: person.name, slug: slugs.get(key) ?? key, person, posts: list }))
    .sort((a, b) => compareText(a.slug, b.slug));
}
