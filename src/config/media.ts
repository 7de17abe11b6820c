// The config's `media:` (pictures and enclosures: where the site's files are, which tags feeds carry) and
// `podcasts:` (which scopes are shows, with the details Apple's podcast guidelines require) sections.
import { z } from 'zod';

/**
 * Apple Podcasts' categories and their subcategories, as Apple publishes them for `<itunes:category>`
 * (Podcasts Connect help, "Apple Podcasts categories"). A show names one as `Top` or `Top > Sub`.
 */
export const APPLE_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Arts: ['Books', 'Design', 'Fashion & Beauty', 'Food', 'Performing Arts', 'Visual Arts'],
  Business: ['Careers', 'Entrepreneurship', 'Investing', 'Management', 'Marketing', 'Non-Profit'],
  Comedy: ['Comedy Interviews', 'Improv', 'Stand-Up'],
  Education: ['Courses', 'How To', 'Language Learning', 'Self-Improvement'],
  Fiction: ['Comedy Fiction', 'Drama', 'Science Fiction'],
  Government: [],
  History: [],
  'Health & Fitness': ['Alternative Health', 'Fitness', 'Medicine', 'Mental Health', 'Nutrition', 'Sexuality'],
  'Kids & Family': ['Education for Kids', 'Parenting', 'Pets & Animals', 'Stories for Kids'],
  Leisure: ['Animation & Manga', 'Automotive', 'Aviation', 'Crafts', 'Games', 'Hobbies', 'Home & Garden', 'Video Games'],
  Music: ['Music Commentary', 'Music History', 'Music Interviews'],
  News: ['Business News', 'Daily News', 'Entertainment News', 'News Commentary', 'Politics', 'Sports News', 'Tech News'],
  'Religion & Spirituality': ['Buddhism', 'Christianity', 'Hinduism', 'Islam', 'Judaism', 'Religion', 'Spirituality'],
  Science: ['Astronomy', 'Chemistry', 'Earth Sciences', 'Life Sciences', 'Mathematics', 'Natural Sciences', 'Nature', 'Physics', 'Social Sciences'],
  'Society & Culture': ['Documentary', 'Personal Journals', 'Philosophy', 'Places & Travel', 'Relationships'],
  Sports: [
    'Baseball',
    'Basketball',
    'Cricket',
    'Fantasy Sports',
    'Football',
    'Golf',
    'Hockey',
    'Rugby',
    'Running',
    'Soccer',
    'Swimming',
    'Tennis',
    'Volleyball',
    'Wilderness',
    'Wrestling',
  ],
  Technology: [],
  'True Crime': [],
  'TV & Film': ['After Shows', 'Film History', 'Film Interviews', 'Film Reviews', 'TV Reviews'],
};

/** `News` or `News > Daily News`, as [top, sub]; undefined when Apple has no such category. */
export function appleCategory(text: string): readonly [string, string | undefined] | undefined {
  const [top = '', sub, ...rest] = text.split('>').map((part) => part.trim());
  const subs = APPLE_CATEGORIES[top];
  if (!Object.hasOwn(APPLE_CATEGORIES, top) || !subs || rest.length > 0) return undefined;
  if (sub === undefined) return [top, undefined];
  return subs.includes(sub) ? [top, sub] : undefined;
}

const CATEGORY_HINT = `must be one of Apple's podcast categories, as "Top" or "Top > Sub" (${Object.keys(APPLE_CATEGORIES).join(', ')})`;
const appleCategoryText = z.string().refine((s) => appleCategory(s) !== undefined, { message: CATEGORY_HINT });

/** A picture or file of the site: a path from its root (`/images/show.jpg`) or an http(s) URL. */
const sitePathOrUrl = z.string().regex(/^(\/[^/]|https?:\/\/)/i, 'must be a path from the site root (/images/show.jpg) or an http(s) URL');

export const mediaSection = z
  .strictObject({
    /**
     * The site's own files (its root, where `/images/x.jpg` is `images/x.jpg`): a post's `image` and
     * `enclosure` paths are looked up there, for their size and type, and left out when missing. A Jekyll
     * site's root by default; unset for a folder of posts (paths are then linked unchecked).
     */
    dir: z.string().min(1).optional(),
    /** Media RSS (`media:thumbnail`, `media:content`) in RSS and Atom, and JSON Feed's `banner_image`. */
    mediaRss: z.boolean().default(true),
    /** A post without an `image`: its content's first `<img>` is its picture. */
    firstImage: z.boolean().default(false),
  })
  .prefault({});

/** One show: a scope whose RSS feed carries Apple's and the Podcast Index's tags. */
const podcast = z
  .strictObject({
    scope: z.enum(['site', 'category', 'tag']),
    /** The category or tag, in any of its spellings; not for the site. */
    name: z.string().min(1).optional(),
    title: z.string().min(1).optional(),
    description: z.string().min(1).optional(),
    /** The show's artwork (Apple: square JPEG or PNG, 1400 to 3000 pixels a side). */
    image: sitePathOrUrl,
    /** One to three of Apple's categories; the first is the main one. */
    category: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(appleCategoryText).min(1).max(3)),
    explicit: z.boolean().default(false),
    /** `itunes:author`; default site.author's name. */
    author: z.string().min(1).optional(),
    /** `itunes:owner`, who Apple writes to about the show; default site.author (an email is needed). */
    owner: z.strictObject({ name: z.string().min(1).optional(), email: z.email() }).optional(),
    type: z.enum(['episodic', 'serial']).default('episodic'),
    copyright: z.string().min(1).optional(),
    /** `podcast:guid`; default the Podcast Index's UUIDv5 of the feed's address. Keep it when the address moves. */
    guid: z.uuid().optional(),
    /** `podcast:locked`: other platforms may not import the show without the owner's say. */
    locked: z.boolean().default(false),
    /** `itunes:block`: keep the show out of Apple's directory. */
    block: z.boolean().default(false),
  })
  .refine((p) => (p.scope === 'site') === (p.name === undefined), {
    message: 'a category or tag podcast names its category or tag; a site podcast has no name',
    path: ['name'],
  });

export const podcastsSection = z
  .array(podcast)
  .refine((list) => new Set(list.map((p) => `${p.scope}\0${(p.name ?? '').normalize('NFKC').toLowerCase()}`)).size === list.length, {
    message: 'must not name one scope twice',
  })
  .default([]);

/** One entry of config podcasts, as the frozen Config holds it. */
export type PodcastConfig = DeepReadonly<z.output<typeof podcast>>;

type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
