/**
 * The text of COM_QUERY / COM_STMT_PREPARE. Clients send SQL in the connection's character set
 * (utf8mb4), but a quoted literal may carry raw bytes that are not UTF-8: `mysqldump` writes
 * BLOB values that way unless told `--hex-blob`, and drivers escape binary strings in place.
 * MySQL stores such a literal's bytes as they are; decoding the whole packet as UTF-8 would
 * turn each invalid byte into U+FFFD and corrupt the value. So a literal that is not valid
 * UTF-8 becomes the hex literal `X'...'` of its bytes (escapes resolved), which the SQL layer
 * stores as a BLOB, and only the rest is decoded as text.
 */
import { utf8Decode, utf8DecodeStrict } from "./utf8.ts";

const QUOTE = 0x27; // '
const DOUBLE_QUOTE = 0x22; // "
const BACKTICK = 0x60;
const BACKSLASH = 0x5c;
const HEX = "0123456789ABCDEF";

/** Bytes a backslash escape stands for (MySQL string syntax); others are the byte itself. */
const ESCAPES = new Map<number, number>([
  [0x30, 0x00], // \0
  [0x62, 0x08], // \b
  [0x6e, 0x0a], // \n
  [0x72, 0x0d], // \r
  [0x74, 0x09], // \t
  [0x5a, 0x1a], // \Z
]);

/** Decodes query bytes; literals that are not UTF-8 are turned into hex literals. */
export function decodeQueryText(packet: Uint8Array): string {
  // Some clients (mysqlslap) send the C string's terminating NUL too: MySQL ignores it.
  let end = packet.length;
  while (end > 0 && packet[end - 1] === 0) end--;
  const bytes = end === packet.length ? packet : packet.subarray(0, end);
  const text = utf8Decode(bytes);
  // Invalid bytes decode to U+FFFD: only then (or for a real U+FFFD) look closer.
  if (!text.includes("\uFFFD") || utf8DecodeStrict(bytes) !== null) return text;
  let out = "";
  let from = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === BACKTICK) {
      i = closingBacktick(bytes, i);
    } else if (b === QUOTE || b === DOUBLE_QUOTE) {
      const literal = readLiteral(bytes, i);
      if (utf8DecodeStrict(literal.value) === null) {
        // After an introducer (`_binary'...'`) the hex literal needs a space to stay apart.
        const glue = i > 0 && isWordByte(bytes[i - 1]!) ? " " : "";
        out += utf8Decode(bytes.subarray(from, i)) + glue + hexLiteral(literal.value);
        from = literal.end;
      }
      i = literal.end;
    } else {
      i++;
    }
  }
  return out + utf8Decode(bytes.subarray(from));
}

/** Index after the backtick that closes the identifier opened at `start` (`` doubles). */
function closingBacktick(bytes: Uint8Array, start: number): number {
  let i = start + 1;
  while (i < bytes.length) {
    if (bytes[i] === BACKTICK) {
      if (bytes[i + 1] !== BACKTICK) return i + 1;
      i += 2;
    } else {
      i++;
    }
  }
  return i;
}

/** The bytes a quoted literal opened at `start` stands for, and the index after it. */
function readLiteral(bytes: Uint8Array, start: number): { value: Uint8Array; end: number } {
  const quote = bytes[start]!;
  const value = new Uint8Array(bytes.length - start);
  let n = 0;
  let i = start + 1;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === quote) {
      if (bytes[i + 1] !== quote) return { value: value.subarray(0, n), end: i + 1 };
      value[n++] = quote;
      i += 2;
    } else if (b === BACKSLASH && i + 1 < bytes.length) {
      const next = bytes[i + 1]!;
      // \% and \_ keep their backslash (they matter to LIKE); the rest stand for one byte.
      if (next === 0x25 || next === 0x5f) value[n++] = BACKSLASH;
      value[n++] = ESCAPES.get(next) ?? next;
      i += 2;
    } else {
      value[n++] = b;
      i++;
    }
  }
  return { value: value.subarray(0, n), end: i };
}

function isWordByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) ||
    b === 0x5f || b === 0x24 || b >= 0x80;
}

function hexLiteral(value: Uint8Array): string {
  let hex = "X'";
  for (const b of value) hex += HEX[b >> 4]! + HEX[b & 15]!;
  return hex + "'";
}
