/** Collects a child process's stdout and stderr, interleaved as they arrive, bounded. */

const MAX_BYTES = 4 * 1024 * 1024;

/** Reads both streams to their end; keeps the last `MAX_BYTES` of text. */
export class LogBuffer {
  #chunks: string[] = [];
  #size = 0;
  /** Resolves when both streams have ended (the process closed them or exited). */
  readonly drained: Promise<void>;

  constructor(...streams: ReadableStream<Uint8Array>[]) {
    this.drained = Promise.all(streams.map((s) => this.#pump(s))).then(() => {});
  }

  async #pump(stream: ReadableStream<Uint8Array>): Promise<void> {
    try {
      for await (const text of stream.pipeThrough(new TextDecoderStream())) this.#append(text);
    } catch {
      // The process went away mid-read: what was read is kept.
    }
  }

  #append(text: string): void {
    this.#chunks.push(text);
    this.#size += text.length;
    while (this.#size > MAX_BYTES && this.#chunks.length > 1) {
      this.#size -= this.#chunks.shift()!.length;
    }
  }

  /** Everything kept so far. */
  text(): string {
    return this.#chunks.join("");
  }

  /** The last `lines` lines. */
  tail(lines: number): string {
    return this.text().trimEnd().split("\n").slice(-lines).join("\n");
  }
}
