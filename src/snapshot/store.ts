// The one mutable holder: the snapshot requests read. Swapping is one assignment, so a request that has
// taken a snapshot keeps reading that one, whole, while a rebuild installs the next.
import type { Snapshot } from './snapshot.js';

export class SnapshotStore {
  #current: Snapshot | undefined;
  #generation = 0;
  #provisional: { readonly settled: Promise<void>; readonly settle: () => void } | undefined;

  /** The snapshot being served, or undefined before the first build. */
  get current(): Snapshot | undefined {
    return this.#current;
  }

  /** How many snapshots have been installed; useful in /status and tests. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * While the current snapshot is provisional, a promise that settles when it no longer is: the next swap,
   * or settle(). A warm start serves its cached documents so before its first rescan has built the rest
   * (archive pages' index): a path they lack is then answered after that rescan (http/app.ts).
   */
  get provisional(): Promise<void> | undefined {
    return this.#provisional?.settled;
  }

  swap(next: Snapshot): void {
    this.#current = next;
    this.#generation++;
    this.settle();
  }

  /** Installs `next` as provisional (see `provisional`). */
  swapProvisional(next: Snapshot): void {
    this.swap(next);
    let settle = (): void => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.#provisional = { settled, settle };
  }

  /** Ends the provisional state without a new snapshot (the rescan that was to replace it failed). */
  settle(): void {
    this.#provisional?.settle();
    this.#provisional = undefined;
  }
}
