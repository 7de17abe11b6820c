// The rendered text of each post as a feed item, per format, kept from build to build: a post's item is
// the same in every feed that shows it, so it is rendered once (mostly with its content, see
// render/prepared-post.ts; here, in batches, whatever is still lacking), and only again when the post
// changes.
import type { Config } from '../config/schema.js';
import type { ItemPieces } from '../render/feed-document.js';
import { contentKey } from '../render/feed-document.js';
import { feedItem, itemsModel, type ModelItem } from '../render/feed-model.js';
import { FORMATS, renderItems, type FeedFormat } from '../render/formats.js';
import type { Post } from '../posts/post.js';

export type ItemPiecesMap = ReadonlyMap<string, ItemPieces>;

export class ItemCache {
  readonly #config: Config;
  readonly #previous: ItemPiecesMap;
  readonly #kept = new Map<string, ItemPieces>();
  readonly #wanted = new Map<FeedFormat, Map<string, ModelItem>>();

  constructor(config: Config, previous: ItemPiecesMap = new Map()) {
    this.#config = config;
    this.#previous = previous;
  }

  /** Marks the items of a feed this build renders: rendered by `fill` unless an earlier build did. */
  want(format: FeedFormat, items: readonly ModelItem[]): void {
    for (const item of items) {
      const key = itemKey(format, item.post);
      if (this.#kept.has(key)) continue;
      const old = this.#previous.get(key);
      if (old) {
        this.#kept.set(key, old);
        continue;
      }
      let wanted = this.#wanted.get(format);
      if (!wanted) this.#wanted.set(format, (wanted = new Map()));
      wanted.set(key, item);
    }
  }

  /** Renders every wanted item that no build has rendered yet, in batches (see renderItems). */
  fill(): void {
    const model = itemsModel(this.#config);
    for (const [format, wanted] of this.#wanted) {
      const keys = [...wanted.keys()];
      const pieces = renderItems(format, model, [...wanted.values()].map((i) => feedItem(i, this.#config)));
      keys.forEach((key, i) => this.#kept.set(key, pieces[i] as ItemPieces));
    }
    this.#wanted.clear();
  }

  /** Keeps, for the next build, what earlier builds rendered of the posts the feeds still show. */
  keep(shown: readonly Post[]): void {
    for (const post of shown) {
      for (const format of FORMATS) {
        const key = itemKey(format, post);
        const old = this.#kept.has(key) ? undefined : this.#previous.get(key);
        if (old) this.#kept.set(key, old);
      }
    }
  }

  get(format: FeedFormat, item: ModelItem): ItemPieces {
    const pieces = this.#kept.get(itemKey(format, item.post));
    if (!pieces) throw new Error(`item ${item.post.path} was not prepared for ${format.name}`);
    return pieces;
  }

  /** The pieces of the posts this build's feeds show: what the next build starts from. */
  get kept(): ItemPiecesMap {
    return this.#kept;
  }
}

// The id is part of the key: duplicate-id handling may change it though the file did not change.
export function itemKey(format: { readonly name: string }, post: Post): string {
  return `${format.name}\0${contentKey(post)}\0${post.id}`;
}
