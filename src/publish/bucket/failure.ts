// A publish that stopped, with the step it stopped at: what the bucket holds then depends on it.
export type PublishStep = 'read-manifest' | 'upload' | 'write-manifest' | 'delete';

/**
 * Served paths (`/`, `/tags/x/rss.xml`) whose object in the bucket a publish replaced or removed, as
 * against the version the bucket held before.
 */
export interface Landed {
  /** Those whose bytes changed (new, edited or removed documents): what WebSub hubs hear of. */
  readonly changed: readonly string[];
  /** Every object put or removed, headers-only changes too: what a CDN may hold an old copy of. */
  readonly stale: readonly string[];
}

export class PublishFailure extends Error {
  /** What is in the bucket all the same: a failed deletion comes after the new version is in place. */
  readonly landed: Landed | undefined;

  constructor(
    readonly step: PublishStep,
    /** The one-line reason (see s3-errors.ts). */
    readonly reason: string,
    options?: { cause?: unknown; landed?: Landed },
  ) {
    super(reason, options);
    this.name = 'PublishFailure';
    this.landed = options?.landed;
  }

  /** What the bucket holds now, for the one line the user reads. */
  get outcome(): string {
    switch (this.step) {
      case 'read-manifest':
        return 'nothing was changed';
      case 'upload':
        return 'the previous version is still whole (its manifest and objects are in place)';
      case 'write-manifest':
        return 'the previous manifest is still in place; the next publish uploads again';
      case 'delete':
        return 'the new version is published; the old objects left are still in the manifest, and the next publish deletes them';
    }
  }
}
