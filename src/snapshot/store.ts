// The one mutable holder: the snapshot requests read. Swapping is one assignment, so a request that has
// taken a snapshot keeps reading that one, whole, while a rebuild installs the next.
import type { Snapshot } from './snapshot.js';

export class SnapshotStore {
  #current: Snapshot | undefined;
  #generation = 0;

  /** The snapshot being served, or undefined before the first build. */
  get current(): Snapshot | undefined {
    return this.#current;
  }

  /** How many snapshots have been installed; useful in /status and tests. */
  get generation(): number {
    return this.#generation;
  }

  swap(next: Snapshot): void {
    this.#current = next;
    this.#generation++;
  }
}
