/**
 * Binary forms of addresses and UUIDs: INET6_ATON / INET6_NTOA (IPv4 as 4 bytes, IPv6 as 16),
 * IS_IPV4 / IS_IPV6 / IS_IPV4_MAPPED / IS_IPV4_COMPAT, UUID_TO_BIN / BIN_TO_UUID (with the
 * time-part swap of MySQL 8), IS_UUID and RANDOM_BYTES, as MySQL 8 gives them (NULL for text
 * that is no address, error 1411 for text that is no UUID).
 */
import type { DatabaseSync } from "node:sqlite";
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { definer } from "./define.ts";
import { toBytes, toInteger, toText, truthy } from "./values.ts";

/** The 4 bytes of a dotted IPv4 address, or null. */
function _ipv4(s: string): number[] | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out.push(Number(p));
  }
  return out;
}

/** The 16 bytes of an IPv6 address (`::` and a trailing dotted IPv4 allowed), or null. */
function _ipv6(s: string): number[] | null {
  if (!s.includes(":")) return null;
  const double = s.indexOf("::");
  if (double !== s.lastIndexOf("::")) return null;
  const groups = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    const items = part.split(":");
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (i === items.length - 1 && item.includes(".")) {
        const v4 = _ipv4(item);
        if (v4 === null) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) out.push(parseInt(item, 16));
      else return null;
    }
    return out;
  };
  let words: number[];
  if (double < 0) {
    const all = groups(s);
    if (all === null || all.length !== 8) return null;
    words = all;
  } else {
    const head = groups(s.slice(0, double));
    const tail = groups(s.slice(double + 2));
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    words = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  }
  return words.flatMap((w) => [w >> 8, w & 255]);
}

/** MySQL's text of 16 address bytes: the longest run of zero groups as `::`, IPv4-mapped and
 * IPv4-compatible addresses with their last 4 bytes dotted. */
function _ipv6Text(b: Uint8Array): string {
  const zeros = (n: number) => b.subarray(0, n).every((x) => x === 0);
  const dotted = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  if (zeros(10) && b[10] === 0xff && b[11] === 0xff) return `::ffff:${dotted}`;
  if (zeros(12) && (b[12] !== 0 || b[13] !== 0)) return `::${dotted}`;
  const words = Array.from({ length: 8 }, (_, i) => (b[2 * i]! << 8) | b[2 * i + 1]!);
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(":");
  if (best < 0) return hex(words);
  return `${hex(words.slice(0, best))}::${hex(words.slice(best + bestLength))}`;
}

const _UUID =
  /^\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?$/;

/** The 16 bytes of a UUID's text (with or without dashes and braces), or null. */
function _uuidBytes(s: string): Uint8Array | null {
  const m = _UUID.exec(s);
  if (m === null) return null;
  const hex = m.slice(1).join("");
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

/** UUID_TO_BIN's swap: the time-high and time-mid groups before time-low (index order). */
const _SWAPPED = [6, 7, 4, 5, 0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15];
const _UNSWAPPED = [4, 5, 6, 7, 2, 3, 0, 1, 8, 9, 10, 11, 12, 13, 14, 15];

/** Registers the functions of this module. */
export function registerBinaryForms(db: DatabaseSync): void {
  const def = definer(db);
  def("inet6_aton", (v: SqlValue) => {
    const s = toText(v);
    if (s === null) return null;
    const b = _ipv4(s) ?? _ipv6(s);
    return b === null ? null : Uint8Array.from(b);
  });
  def("inet6_ntoa", (v: SqlValue) => {
    const b = v instanceof Uint8Array ? v : null;
    if (b === null) return null;
    if (b.length === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
    return b.length === 16 ? _ipv6Text(b) : null;
  });
  def("is_ipv4", (v: SqlValue) => {
    const s = toText(v);
    return s !== null && _ipv4(s) !== null ? 1n : 0n;
  });
  def("is_ipv6", (v: SqlValue) => {
    const s = toText(v);
    return s !== null && _ipv6(s) !== null ? 1n : 0n;
  });
  const ipv6Bytes = (v: SqlValue) => v instanceof Uint8Array && v.length === 16 ? v : null;
  def("is_ipv4_mapped", (v: SqlValue) => {
    const b = ipv6Bytes(v);
    return b !== null && b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff &&
        b[11] === 0xff
      ? 1n
      : 0n;
  });
  def("is_ipv4_compat", (v: SqlValue) => {
    const b = ipv6Bytes(v);
    return b !== null && b.subarray(0, 12).every((x) => x === 0) ? 1n : 0n;
  });
  def("is_uuid", (v: SqlValue) => {
    const s = toText(v);
    return s === null ? null : _uuidBytes(s) !== null ? 1n : 0n;
  });
  def("uuid_to_bin", (...a: SqlValue[]) => {
    const s = toText(a[0] ?? null);
    if (s === null) return null;
    const b = _uuidBytes(s);
    if (b === null) {
      throw new MysqlError(
        ER.WRONG_VALUE_FOR_TYPE,
        `Incorrect string value: '${s.slice(0, 64)}' for function uuid_to_bin`,
      );
    }
    return truthy(a[1] ?? null) === true ? Uint8Array.from(_SWAPPED, (i) => b[i]!) : b;
  }, { varargs: true });
  def("bin_to_uuid", (...a: SqlValue[]) => {
    const v = a[0] ?? null;
    if (v === null) return null;
    const raw = toBytes(v);
    if (raw === null || raw.length !== 16) {
      throw new MysqlError(
        ER.WRONG_VALUE_FOR_TYPE,
        "Incorrect string value for function bin_to_uuid",
      );
    }
    const b = truthy(a[1] ?? null) === true ? Uint8Array.from(_UNSWAPPED, (i) => raw[i]!) : raw;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
      hex.slice(20)
    }`;
  }, { varargs: true });
  def("random_bytes", (n: SqlValue) => {
    const length = toInteger(n);
    if (length === null) return null;
    if (length < 1n || length > 1024n) {
      throw new MysqlError(ER.DATA_OUT_OF_RANGE, "length value is out of range in 'random_bytes'");
    }
    return crypto.getRandomValues(new Uint8Array(Number(length)));
  }, { deterministic: false });
}
