// The rendered text of each post as a feed item, per format, kept from build to build: a post's item is
// the same in every feed that shows it, so it is rendered once (mostly with its content, see
// render/prepared-post.ts; here, in batches, whatever is still lacking), and only again when the post
// changes.
import type { Config, FormatName } from '../config/schema.js';
import { cached } from '../memo.js';
import type { ItemPieces } from '../render/feed-document.js';
import { contentKey } from '../render/feed-document.js';
import { feedItem, itemsModel, type ModelItem } from '../render/feed-model.js';
import { renderItems, type FeedFormat } from '../render/formats.js';
import type { Post } from '../posts/post.js';
import { mediaPrint } from '../posts/post-media-parts.js';

/** A post's item in each format rendered so far. */
export type PostItems = Readonly<Partial<Record<FormatName, ItemPieces>>>;

/** Items by `itemKey` of their post. */
export type ItemPiecesMap = ReadonlyMap<string, PostItems>;

export class ItemCache {
  readonly #config: Config;
  readonly #previous: ItemPiecesMap;
  readonly #kept = new Map<string, PostItems>();
  readonly #wanted = new Map<FeedFormat, Map<string, ModelItem>>();

  constructor(config: Config, previous: ItemPiecesMap = new Map()) {
    this.#config = config;
    this.#previous = previous;
  }

  /** Marks the items of a feed this build renders: rendered by `fill` unless an earlier step did. */
  want(format: FeedFormat, items: readonly ModelItem[]): void {
    for (const item of items) {
      const key = itemKey(item.post);
      if (this.#kept.get(key)?.[format.name]) continue;
      const old = this.#previous.get(key);
      if (old?.[format.name]) {
        this.#kept.set(key, { ...old, ...this.#kept.get(key) });
        continue;
      }
      cached(this.#wanted, format, () => new Map()).set(key, item);
    }
  }

  /** Renders every wanted item that no earlier step has rendered, in batches (see renderItems). */
  fill(): void {
    const model = itemsModel(this.#config);
    for (const [format, wanted] of this.#wanted) {
      const keys = [...wanted.keys()];
      const pieces = renderItems(
        format,
        model,
        [...wanted.values()].map((i) => feedItem(i, this.#config)),
      );
      keys.forEach((key, i) => {
        const had = this.#kept.get(key) ?? this.#previous.get(key);
        this.#kept.set(key, { ...had, [format.name]: pieces[i] });
      });
    }
    this.#wanted.clear();
  }

  /** Keeps, for the next build, what earlier builds rendered of the posts the feeds still show. */
  keep(shown: readonly Post[]): void {
    for (const post of shown) {
      const key = itemKey(post);
      if (this.#kept.has(key)) continue;
      const old = this.#previous.get(key);
      if (old) this.#kept.set(key, old);
    }
  }

  get(format: FeedFormat, item: ModelItem): ItemPieces {
    const pieces = this.#kept.get(itemKey(item.post))?.[format.name];
    if (!pieces) throw new Error(`item ${item.post.path} was not prepared for ${format.name}`);
    return pieces;
  }

  /** The items of the posts this build's feeds show: what the next build starts from. */
  get kept(): ItemPiecesMap {
    return this.#kept;
  }
}

// The id is part of the key: duplicate-id handling may change it though the file did not change. So are
// the post's measured files (mediaPrint): a file of the site can change while the post does not.
const itemKeys = new WeakMap<Post, string>();

export function itemKey(post: Post): string {
  return cached(itemKeys, post, keyOfItem);
}

function keyOfItem(post: Post): string {
  return `${contentKey(post)}\0${post.id}${mediaPrint(post)}`;
}
