/**
 * Collects items pushed during one event-loop turn and hands them over together once the
 * turn's promise continuations have run (`setImmediate`), so that everything a burst of
 * callers produced goes out in one message.
 */
import { setImmediate } from "node:timers";

/** Batches items per event-loop turn. */
export class TickBatcher<T> {
  readonly #flush: (items: T[]) => void;
  #items: T[] = [];
  #scheduled = false;

  /** `flush` receives each non-empty batch, in push order. */
  constructor(flush: (items: T[]) => void) {
    this.#flush = flush;
  }

  /** Queues an item for the next flush. */
  push(item: T): void {
    this.#items.push(item);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#run);
    }
  }

  #run = (): void => {
    this.#scheduled = false;
    const items = this.#items;
    if (items.length === 0) return;
    this.#items = [];
    this.#flush(items);
  };
}
