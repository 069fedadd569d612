/**
 * One connection's packet I/O: reads logical packets from the socket through
 * `PacketReader`, tracks the sequence id (every reply continues from the last packet the
 * client sent), and writes everything a response built in `writer` with as few `write`
 * calls as possible (one for a normal response).
 */
import { writeAll } from "../types/byte_io.ts";
import { type Packet, PacketReader } from "./framing/packet_reader.ts";
import { PacketWriter } from "./framing/packet_writer.ts";

/** The socket surface the protocol needs (`Deno.Conn` satisfies it). */
export interface ByteStream {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
}

/** Flush a response early once this much is buffered (bounds memory for big results). */
export const FLUSH_THRESHOLD = 1024 * 1024;

/** Packet-level reader/writer over a byte stream. */
export class PacketChannel {
  readonly writer = new PacketWriter();
  readonly #reader: PacketReader;
  readonly #stream: ByteStream;
  #flushedBytes = 0;

  constructor(stream: ByteStream, maxPacketSize: number) {
    this.#stream = stream;
    this.#reader = new PacketReader({ maxPacketSize });
  }

  /** Changes the largest packet accepted from the client. */
  set maxPacketSize(value: number) {
    this.#reader.maxPacketSize = value;
  }

  /**
   * The next packet, or null when the peer closed the stream (a partial packet at EOF
   * also ends the stream). Sets the reply sequence id to follow the packet.
   * @throws PacketTooLargeError, or the socket's read error
   */
  async readPacket(): Promise<Packet | null> {
    for (;;) {
      const packet = this.#reader.next();
      if (packet) {
        this.writer.sequenceId = (packet.sequenceId + 1) & 0xff;
        return packet;
      }
      const region = this.#reader.reserve();
      const n = await this.#stream.read(region);
      if (n === null) return null;
      this.#reader.commit(n);
    }
  }

  /** True when bytes of a further packet are already buffered (client pipelining). */
  get hasBuffered(): boolean {
    return this.#reader.buffered > 0;
  }

  /** Writes everything in `writer` and empties it. */
  async flush(): Promise<void> {
    const data = this.writer.view();
    await writeAll(this.#stream, data);
    this.#flushedBytes += data.length;
    this.writer.reset();
  }

  /** Bytes written to the stream so far (tells whether a reply was partly sent). */
  get flushedBytes(): number {
    return this.#flushedBytes;
  }

  /** Flushes only when a large response has accumulated. */
  async flushIfLarge(): Promise<void> {
    if (this.writer.length >= FLUSH_THRESHOLD) await this.flush();
  }

  close(): void {
    try {
      this.#stream.close();
    } catch {
      // Already closed: nothing left to release.
    }
  }
}
