/**
 * Temporal values between their text form ('YYYY-MM-DD HH:MM:SS[.ffffff]', '[-]HH:MM:SS')
 * and the binary protocol's length-prefixed form (notes §4.8): DATE/DATETIME/TIMESTAMP
 * length 0, 4, 7 or 11; TIME length 0, 8 or 12.
 */
import type { PacketWriter } from "../framing/packet_writer.ts";
import type { PayloadReader } from "../framing/payload_reader.ts";
import { MalformedPacketError } from "../framing/protocol_error.ts";

/** Broken-down DATE/DATETIME. */
export interface DateTimeParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micro: number;
}

/** Broken-down TIME (hours may exceed 23). */
export interface TimeParts {
  negative: boolean;
  hours: number;
  minute: number;
  second: number;
  micro: number;
}

const DATETIME_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6})\d*)?)?$/;
const TIME_RE = /^(-)?(?:(\d+) )?(\d+):(\d{1,2})(?::(\d{1,2}))?(?:\.(\d{1,6})\d*)?$/;

function _micro(frac: string | undefined): number {
  return frac ? Number(frac.padEnd(6, "0")) : 0;
}

/** Parses 'YYYY-MM-DD[ HH:MM:SS[.f]]', or null when the text is not in that shape. */
export function parseDateTime(text: string): DateTimeParts | null {
  const m = DATETIME_RE.exec(text);
  if (!m) return null;
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    micro: _micro(m[7]),
  };
}

/** Parses '[-][D ]HH:MM[:SS][.f]', or null. */
export function parseTime(text: string): TimeParts | null {
  const m = TIME_RE.exec(text);
  if (!m) return null;
  return {
    negative: m[1] === "-",
    hours: Number(m[2] ?? 0) * 24 + Number(m[3]),
    minute: Number(m[4]),
    second: Number(m[5] ?? 0),
    micro: _micro(m[6]),
  };
}

const p2 = (n: number) => (n < 10 ? "0" + n : String(n));

/** 'YYYY-MM-DD' (date only) or 'YYYY-MM-DD HH:MM:SS[.ffffff]' (fraction only if non-zero). */
export function formatDateTime(p: DateTimeParts, dateOnly: boolean): string {
  const date = `${String(p.year).padStart(4, "0")}-${p2(p.month)}-${p2(p.day)}`;
  if (dateOnly) return date;
  const time = `${date} ${p2(p.hour)}:${p2(p.minute)}:${p2(p.second)}`;
  return p.micro ? `${time}.${String(p.micro).padStart(6, "0")}` : time;
}

/** '[-]HH:MM:SS[.ffffff]'. */
export function formatTime(t: TimeParts): string {
  const s = `${t.negative ? "-" : ""}${p2(t.hours)}:${p2(t.minute)}:${p2(t.second)}`;
  return t.micro ? `${s}.${String(t.micro).padStart(6, "0")}` : s;
}

/** Writes the binary DATE/DATETIME/TIMESTAMP form in its shortest length. */
export function writeBinaryDateTime(w: PacketWriter, p: DateTimeParts, dateOnly: boolean): void {
  const hasTime = !dateOnly && (p.hour | p.minute | p.second | p.micro) !== 0;
  if (!hasTime && (p.year | p.month | p.day) === 0) {
    w.u8(0);
    return;
  }
  if (!hasTime) {
    w.u8(4).u16(p.year).u8(p.month).u8(p.day);
    return;
  }
  w.u8(p.micro ? 11 : 7).u16(p.year).u8(p.month).u8(p.day).u8(p.hour).u8(p.minute).u8(p.second);
  if (p.micro) w.u32(p.micro);
}

/** Writes the binary TIME form in its shortest length. */
export function writeBinaryTime(w: PacketWriter, t: TimeParts): void {
  if ((t.hours | t.minute | t.second | t.micro) === 0) {
    w.u8(0);
    return;
  }
  const days = Math.floor(t.hours / 24);
  w.u8(t.micro ? 12 : 8).u8(t.negative ? 1 : 0).u32(days).u8(t.hours - days * 24)
    .u8(t.minute).u8(t.second);
  if (t.micro) w.u32(t.micro);
}

/** Reads a binary DATE/DATETIME/TIMESTAMP value. */
export function readBinaryDateTime(r: PayloadReader): DateTimeParts {
  const len = r.u8();
  const p: DateTimeParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, micro: 0 };
  if (len !== 0 && len !== 4 && len !== 7 && len !== 11) {
    throw new MalformedPacketError(`Cannot decode DATETIME: invalid length ${len}`);
  }
  if (len >= 4) {
    p.year = r.u16();
    p.month = r.u8();
    p.day = r.u8();
  }
  if (len >= 7) {
    p.hour = r.u8();
    p.minute = r.u8();
    p.second = r.u8();
  }
  if (len === 11) p.micro = r.u32();
  return p;
}

/** Reads a binary TIME value. */
export function readBinaryTime(r: PayloadReader): TimeParts {
  const len = r.u8();
  if (len !== 0 && len !== 8 && len !== 12) {
    throw new MalformedPacketError(`Cannot decode TIME: invalid length ${len}`);
  }
  if (len === 0) return { negative: false, hours: 0, minute: 0, second: 0, micro: 0 };
  const negative = r.u8() === 1;
  const days = r.u32();
  const hours = days * 24 + r.u8();
  const minute = r.u8();
  const second = r.u8();
  const micro = len === 12 ? r.u32() : 0;
  return { negative, hours, minute, second, micro };
}
