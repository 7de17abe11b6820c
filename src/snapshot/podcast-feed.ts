// A podcast's RSS feed (config podcasts) as a snapshot document: the scope's newest posts that are
// episodes (an audio or video enclosure), with the show's and each episode's tags. Its items differ from
// the scope's other feeds' (episode tags need the iTunes namespace), so they are rendered with the feed,
// not shared through the item cache: a podcast's few dozen episodes cost a few milliseconds.
import type { Config } from '../config/schema.js';
import { episodeEnclosure, mediaPrint } from '../posts/post-media-parts.js';
import type { Post } from '../posts/post.js';
import type { ContentOf } from '../render/document-plan.js';
import { contentKey, type Spliced } from '../render/feed-document.js';
import { feedModel, modelItems, type FeedModel } from '../render/feed-model.js';
import { assembleFeed, feedShell, renderItems, type FeedFormat, type FeedShell } from '../render/formats.js';
import { podcastChannel, type PodcastChannel } from '../render/podcast.js';
import type { PodcastConfig } from '../config/media.js';
import type { Scope } from '../scopes/scopes.js';

export interface PodcastFeed {
  /** What the bytes depend on besides the config (which holds the show's details). */
  readonly inputs: string;
  readonly render: (shell: (shell: FeedShell) => FeedShell, model: (model: FeedModel) => FeedModel) => Spliced;
}

/** `posts`: the scope's window (its newest feeds.limit posts); `feedUrl`: where the feed is served. */
export function podcastFeed(
  scope: Scope,
  posts: readonly Post[],
  show: PodcastConfig,
  format: FeedFormat,
  feedUrl: string,
  contentOf: ContentOf,
  config: Config,
): PodcastFeed {
  const episodes = posts.filter((post) => episodeEnclosure(post.media) !== undefined);
  return {
    inputs: `podcast\n${episodes.map((p) => `${contentKey(p)}\0${p.id}${mediaPrint(p)}`).join('\n')}`,
    render: (shell, adjust) => {
      const items = modelItems(episodes, contentOf);
      const channel: PodcastChannel = podcastChannel(show, feedUrl, config);
      const built = feedModel(scope, items, config);
      // A show without episodes yet still has a date: its scope's newest post's, not the epoch (which the
      // W3C validator calls implausible), and never the build time.
      const updated = episodes.length > 0 ? built.updated : new Date(posts.reduce((max, p) => Math.max(max, p.updated), 0));
      const model = adjust({ ...built, updated, podcast: channel });
      return assembleFeed(
        format,
        shell(feedShell(format, model)),
        renderItems(format, model, model.items),
        items.map((item) => item.content),
      );
    },
  };
}
