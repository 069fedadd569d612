/**
 * Large call bodies in parts. gRPC refuses a message over its size bound (100 MiB here, as in
 * the reference), and one envelope per turn would carry every body of the turn in one
 * message: so a body over `partBytes` travels as several frames of the same id, all but the
 * last marked `more`, and a turn's frames go out in envelopes of at most `ENVELOPE_BYTES` of
 * bodies. The receiver joins the parts of each call again, within `MAX_BODY_BYTES`.
 */
import type { WireEnvelope, WireFrame } from "./proto.ts";

/** Default size of one part (the reference's `stream_chunk_size_kb`, 1024). */
export const DEFAULT_PART_BYTES = 1024 * 1024;
/** Most body bytes one envelope carries (unless a single frame is larger). */
export const ENVELOPE_BYTES = 4 * 1024 * 1024;
/** Largest body a call or reply may have: bounds what a receiver holds while joining parts,
 * and so the largest transaction that can replicate. */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

/** The envelopes that carry `frames`, large bodies split into parts, in order. */
export function toEnvelopes(
  frames: WireFrame[],
  partBytes = DEFAULT_PART_BYTES,
): WireEnvelope[] {
  const envelopes: WireEnvelope[] = [];
  let current: WireFrame[] = [];
  let bytes = 0;
  const add = (frame: WireFrame) => {
    if (current.length > 0 && bytes + frame.body.length > ENVELOPE_BYTES) {
      envelopes.push({ frames: current });
      current = [];
      bytes = 0;
    }
    current.push(frame);
    bytes += frame.body.length;
  };
  for (const frame of frames) {
    const body = frame.body;
    if (body.length <= partBytes) {
      add(frame);
      continue;
    }
    for (let at = 0; at < body.length; at += partBytes) {
      const end = Math.min(body.length, at + partBytes);
      add({ ...frame, body: body.subarray(at, end), more: end < body.length });
    }
  }
  if (current.length > 0) envelopes.push({ frames: current });
  return envelopes;
}

/** What `BodyAssembler.accept` makes of a frame. */
export type Assembled =
  | { kind: "complete"; frame: WireFrame }
  | { kind: "partial" }
  /** The body grew past `MAX_BODY_BYTES` (reported once, at its last part). */
  | { kind: "too_large"; frame: WireFrame; bytes: number };

interface _Partial {
  parts: Uint8Array[];
  bytes: number;
  tooLarge: boolean;
}

/**
 * Joins the parts of the bodies arriving on one stream (requests and replies apart, since
 * their ids come from the two sides' own counters). All bodies being joined on the stream
 * together stay within the bound: a part that would pass it fails its call instead.
 */
export class BodyAssembler {
  readonly #partial = new Map<string, _Partial>();
  readonly #maxBytes: number;
  #held = 0;

  constructor(maxBytes = MAX_BODY_BYTES) {
    this.#maxBytes = maxBytes;
  }

  accept(frame: WireFrame): Assembled {
    const key = (frame.reply ? "r" : "q") + frame.id;
    const partial = this.#partial.get(key);
    if (partial === undefined && !frame.more) return { kind: "complete", frame };
    const state = partial ?? { parts: [], bytes: 0, tooLarge: false };
    if (partial === undefined) this.#partial.set(key, state);
    state.bytes += frame.body.length;
    if (!state.tooLarge && this.#held + frame.body.length > this.#maxBytes) {
      // Keep counting, stop holding: the call fails once its last part is in.
      state.tooLarge = true;
      this.#held -= state.bytes - frame.body.length;
      state.parts = [];
    } else if (!state.tooLarge) {
      // A view into its envelope: joined (copied) once, when the last part is in.
      state.parts.push(frame.body);
      this.#held += frame.body.length;
    }
    if (frame.more) return { kind: "partial" };
    this.#partial.delete(key);
    if (state.tooLarge) return { kind: "too_large", frame, bytes: state.bytes };
    this.#held -= state.bytes;
    return { kind: "complete", frame: { ...frame, body: concat(state.parts, state.bytes) } };
  }

  /** Bytes held for bodies not complete yet. */
  get heldBytes(): number {
    return this.#held;
  }
}

/** `parts` joined; `bytes` is their total length. */
export function concat(parts: Uint8Array[], bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
