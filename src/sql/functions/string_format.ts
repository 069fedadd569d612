/**
 * FORMAT (decimal rounding, locale separators), QUOTE, SOUNDEX (MySQL's variant: no length
 * limit, vowels do not separate equal codes), MAKE_SET and EXPORT_SET. Overrides SQLite's
 * `format` for two and three arguments (SQLite's printf-style `format` stays reachable as
 * `printf`), `quote` and `soundex`.
 */
import type { DatabaseSync } from "node:sqlite";
import type { SqlValue } from "../../types/values.ts";
import { decimalText, roundDecimal, toDecimal } from "./decimal.ts";
import { checkArity, definer } from "./define.ts";
import { MAX_STRING_LENGTH } from "./string.ts";
import { toInteger, toNumber, toSmallInt, toText } from "./values.ts";

/** Thousands separator, decimal point, and group sizes of the locales MySQL knows. */
interface Locale {
  thousands: string;
  point: string;
  indian?: boolean;
}
const EN: Locale = { thousands: ",", point: "." };
const LOCALES: Record<string, Locale> = {
  de_de: { thousands: ".", point: "," },
  es_es: { thousands: ".", point: "," },
  da_dk: { thousands: ".", point: "," },
  id_id: { thousands: ".", point: "," },
  de_ch: { thousands: "'", point: "." },
  de_at: { thousands: " ", point: "," },
  ru_ru: { thousands: " ", point: "," },
  sv_se: { thousands: " ", point: "," },
  fi_fi: { thousands: " ", point: "," },
  nb_no: { thousands: ".", point: "," },
  cs_cz: { thousands: " ", point: "," },
  uk_ua: { thousands: ".", point: "," },
  fr_fr: { thousands: "", point: "," },
  fr_be: { thousands: "", point: "," },
  it_it: { thousands: "", point: "," },
  pt_br: { thousands: "", point: "," },
  pt_pt: { thousands: "", point: "," },
  nl_nl: { thousands: "", point: "," },
  pl_pl: { thousands: "", point: "," },
  tr_tr: { thousands: ".", point: "," },
  en_in: { thousands: ",", point: ".", indian: true },
};

/** FORMAT(x, d[, locale]) text. */
export function formatNumber(
  x: number | bigint,
  options: { decimals: number; locale: string },
): string {
  const { decimals: d, locale } = options;
  const loc = LOCALES[locale.toLowerCase()] ?? EN;
  const scale = Math.max(0, Math.min(30, d));
  const text = decimalText(roundDecimal(toDecimal(x), scale), scale);
  const neg = text.startsWith("-");
  const body = neg ? text.slice(1) : text;
  const dot = body.indexOf(".");
  const intPart = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? "" : body.slice(dot + 1);
  let grouped = "";
  let i = intPart.length;
  let group = 3;
  while (i > group) {
    grouped = loc.thousands + intPart.slice(i - group, i) + grouped;
    i -= group;
    if (loc.indian) group = 2;
  }
  grouped = intPart.slice(0, i) + grouped;
  return (neg ? "-" : "") + grouped + (frac === "" ? "" : loc.point + frac);
}

const SOUNDEX_CODES = "01230120022455012623010202";

function _soundexCode(c: number): string {
  return SOUNDEX_CODES[(c | 32) - 97] as string;
}

function _isAsciiLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

/** MySQL's SOUNDEX: first letter, then the codes of the other letters without repeats. */
export function soundex(s: string): string {
  let out = "";
  let last = "";
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (_isAsciiLetter(c)) {
      out = s[i]!.toUpperCase();
      last = _soundexCode(c);
      break;
    }
    if (c > 127 && /\p{L}/u.test(String.fromCodePoint(s.codePointAt(i) as number))) {
      out = String.fromCodePoint(s.codePointAt(i) as number);
      if (c >= 0xd800 && c <= 0xdbff) i++;
      last = "0";
      break;
    }
  }
  if (out === "") return "";
  for (i++; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!_isAsciiLetter(c)) continue;
    const code = _soundexCode(c);
    if (code !== "0" && code !== last) {
      out += code;
      last = code;
    }
  }
  return out.length < 4 ? out + "0".repeat(4 - [...out].length) : out;
}

/** QUOTE(s): a SQL string literal with backslash escapes. */
export function quote(s: string): string {
  let out = "'";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) out += "\\\\";
    else if (c === 39) out += "\\'";
    else if (c === 0) out += "\\0";
    else if (c === 26) out += "\\Z";
    else out += s[i];
  }
  return out + "'";
}

/** Registers the formatting functions (all pure). */
export function registerStringFormat(db: DatabaseSync): void {
  const def = definer(db);
  const fmt = (...a: SqlValue[]) => {
    checkArity("format", a.length, { min: 2, max: 3 });
    const x = a[0] as SqlValue;
    const d = toSmallInt(a[1] as SqlValue);
    if (x === null || d === null) return null;
    const n = typeof x === "bigint" ? x : toNumber(x) as number;
    if (typeof n === "number" && !Number.isFinite(n)) return null;
    const locale = a.length === 3 ? toText(a[2] as SqlValue) ?? "en_US" : "en_US";
    return formatNumber(n, { decimals: d, locale });
  };
  // Registered per arity so SQLite's printf-style format() with other arities is unchanged.
  def("format", (x: SqlValue, d: SqlValue) => fmt(x, d));
  def("format", (x: SqlValue, d: SqlValue, l: SqlValue) => fmt(x, d, l));
  def("quote", (v: SqlValue) => (v === null ? "NULL" : quote(toText(v) as string)));
  def("soundex", (v: SqlValue) => {
    const s = toText(v);
    return s === null ? null : soundex(s);
  });
  def("make_set", (...a: SqlValue[]) => {
    checkArity("make_set", a.length, { min: 2 });
    const bits = toInteger(a[0] as SqlValue);
    if (bits === null) return null;
    const parts: string[] = [];
    for (let i = 1; i < a.length && i <= 64; i++) {
      if (((BigInt.asUintN(64, bits) >> BigInt(i - 1)) & 1n) === 0n) continue;
      const s = toText(a[i] as SqlValue);
      if (s !== null) parts.push(s);
    }
    return parts.join(",");
  }, { varargs: true });
  def("export_set", (...a: SqlValue[]) => {
    checkArity("export_set", a.length, { min: 3, max: 5 });
    const bits = toInteger(a[0] as SqlValue);
    const on = toText(a[1] as SqlValue);
    const off = toText(a[2] as SqlValue);
    const sep = a.length > 3 ? toText(a[3] as SqlValue) : ",";
    let n = a.length > 4 ? toSmallInt(a[4] as SqlValue) : 64;
    if (bits === null || on === null || off === null || sep === null || n === null) return null;
    if (n < 0 || n > 64) n = 64;
    const u = BigInt.asUintN(64, bits);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(((u >> BigInt(i)) & 1n) === 1n ? on : off);
    const out = parts.join(sep);
    return out.length > MAX_STRING_LENGTH ? null : out;
  }, { varargs: true });
}
