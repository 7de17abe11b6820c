// A publish that stopped, with the step it stopped at: what the bucket holds then depends on it.
export type PublishStep = 'read-manifest' | 'upload' | 'write-manifest' | 'delete';

export class PublishFailure extends Error {
  constructor(
    readonly step: PublishStep,
    /** The one-line reason (see s3-errors.ts). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'PublishFailure';
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
