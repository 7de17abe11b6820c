// A tag feedwright does not have (a plugin's: `{% avatar %}`, `{% gist %}`): Jekyll would run the plugin,
// or stop the build without it. Here it renders nothing and the post says so, once per tag and line; the
// rest of the post renders. A block's end tag is unknown too, so what the block held renders as text.
import { Tag, type Liquid, type TagToken, type TopLevelToken } from 'liquidjs';

type TagClass = Liquid['tags'][string];
import { report } from '../render-state.js';

class UnknownTag extends Tag {
  readonly #line: number | undefined;

  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    this.#line = token.getPosition()[0];
  }

  render(): void {
    report('FW_LIQUID_UNKNOWN_TAG', `{% ${this.name} %}`, this.#line);
  }
}

/** Tags by name, any unknown name answered by UnknownTag (liquidjs would stop parsing at it). */
export function withUnknownTags(tags: Record<string, TagClass>): Record<string, TagClass> {
  return new Proxy(tags, {
    get: (target, key) => (typeof key === 'string' ? (Object.hasOwn(target, key) ? target[key] : UnknownTag) : undefined),
  });
}
