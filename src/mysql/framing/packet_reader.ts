/**
 * Splits the incoming byte stream into MySQL packets (notes §1.1): keeps partial packets
 * across TCP chunks, yields several packets from one coalesced chunk, joins payloads that
 * were split into 0xFFFFFF-byte pieces, and refuses a payload larger than the limit as soon
 * as its headers announce it (before buffering it).
 */
import { MAX_PACKET_CHUNK } from "../constants.ts";
import { PacketTooLargeError } from "./protocol_error.ts";

/** One logical packet. */
export interface Packet {
  /** Sequence id of the last physical chunk (replies continue from it). */
  sequenceId: number;
  /** Sequence id of the first chunk (0 for a command). */
  firstSequenceId: number;
  /** The payload; owned by the caller (a copy, never a view of the read buffer). */
  payload: Uint8Array;
}

/** Options for `PacketReader`. */
export interface PacketReaderOptions {
  /** Largest logical payload accepted, in bytes. */
  maxPacketSize: number;
  /** Initial buffer size; the buffer grows for large packets and shrinks back after. */
  initialBufferSize?: number;
}

const HEADER = 4;

/** Incremental packet decoder over a growable buffer. */
export class PacketReader {
  #buf: Uint8Array;
  #start = 0;
  #end = 0;
  #maxPacketSize: number;
  readonly #initialSize: number;

  constructor(options: PacketReaderOptions) {
    this.#initialSize = options.initialBufferSize ?? 64 * 1024;
    this.#buf = new Uint8Array(this.#initialSize);
    this.#maxPacketSize = options.maxPacketSize;
  }

  /** Changes the size limit (e.g. raised after authentication). */
  set maxPacketSize(value: number) {
    this.#maxPacketSize = value;
  }

  /** Bytes received but not yet returned as packets. */
  get buffered(): number {
    return this.#end - this.#start;
  }

  /**
   * Free space to read into directly (avoids a copy); at least `min` bytes. Call
   * `commit(n)` with the number of bytes written.
   */
  reserve(min = 16 * 1024): Uint8Array {
    if (this.#buf.length - this.#end < min) this.#makeRoom(min);
    return this.#buf.subarray(this.#end);
  }

  /** Marks `n` bytes of the last `reserve()` region as received. */
  commit(n: number): void {
    this.#end += n;
  }

  /** Appends a received chunk (copying it). */
  push(chunk: Uint8Array): void {
    this.reserve(chunk.length).set(chunk);
    this.commit(chunk.length);
  }

  /**
   * The next complete packet, or null when more bytes are needed.
   * @throws PacketTooLargeError when the announced payload exceeds the limit
   */
  next(): Packet | null {
    const buf = this.#buf;
    let pos = this.#start;
    let total = 0;
    let chunks = 0;
    // Walk chunk headers until the final (short) chunk is fully buffered.
    for (;;) {
      if (this.#end - pos < HEADER) return null;
      const len = buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16);
      total += len;
      if (total > this.#maxPacketSize) throw new PacketTooLargeError(total, this.#maxPacketSize);
      if (this.#end - pos - HEADER < len) return null;
      chunks++;
      pos += HEADER + len;
      if (len < MAX_PACKET_CHUNK) break;
    }
    const payload = chunks === 1 ? buf.slice(this.#start + HEADER, pos) : this.#join(total, chunks);
    const lastSeq = chunks === 1 ? buf[this.#start + 3]! : this.#lastSequence(chunks);
    const firstSequenceId = buf[this.#start + 3]!;
    this.#start = pos;
    if (this.#start === this.#end) this.#resetEmpty();
    return { sequenceId: lastSeq, firstSequenceId, payload };
  }

  #join(total: number, chunks: number): Uint8Array {
    const out = new Uint8Array(total);
    let pos = this.#start;
    let off = 0;
    for (let i = 0; i < chunks; i++) {
      const len = this.#buf[pos]! | (this.#buf[pos + 1]! << 8) | (this.#buf[pos + 2]! << 16);
      out.set(this.#buf.subarray(pos + HEADER, pos + HEADER + len), off);
      off += len;
      pos += HEADER + len;
    }
    return out;
  }

  #lastSequence(chunks: number): number {
    let pos = this.#start;
    let seq = 0;
    for (let i = 0; i < chunks; i++) {
      const len = this.#buf[pos]! | (this.#buf[pos + 1]! << 8) | (this.#buf[pos + 2]! << 16);
      seq = this.#buf[pos + 3]!;
      pos += HEADER + len;
    }
    return seq;
  }

  #resetEmpty(): void {
    this.#start = 0;
    this.#end = 0;
    // Give memory back after a large packet instead of keeping its buffer for good.
    if (this.#buf.length > 4 * this.#initialSize) this.#buf = new Uint8Array(this.#initialSize);
  }

  #makeRoom(min: number): void {
    const live = this.#end - this.#start;
    if (this.#start > 0 && this.#buf.length - live >= min) {
      this.#buf.copyWithin(0, this.#start, this.#end);
    } else {
      let size = this.#buf.length * 2;
      while (size - live < min) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.#buf.subarray(this.#start, this.#end));
      this.#buf = next;
    }
    this.#start = 0;
    this.#end = live;
  }
}
