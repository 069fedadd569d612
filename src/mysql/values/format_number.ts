/**
 * Numbers as MySQL prints them in the text protocol.
 *
 * DOUBLE: the shortest round-trip digits, in plain notation when 1e-15 <= |x| < 1e15 and
 * as `<d>[.<ddd>]e<exp>` otherwise (no `+`, e.g. 1e21, 1.2345678901234568e16, 1e-16).
 * That boundary was measured on a MariaDB 10.11 server (same `my_gcvt` as MySQL 8):
 * 999999999999999 vs 1e15, 0.000000000000001 vs 1e-16.
 * FLOAT: MySQL shows FLOAT values with FLT_DIG = 6 significant digits (123456.7 → 123457,
 * 16777217 → 16777200), laid out by the same rule.
 * DECIMAL: exactly `decimals` places.
 */

/** Text form of a DOUBLE value. */
export function formatDouble(n: number): string {
  const abs = Math.abs(n);
  // JS's own shortest form is plain notation in this range and identical to MySQL's.
  if (abs >= 1e-6 && abs < 1e15) return String(n);
  if (abs === 0) return "0";
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "nan" : n > 0 ? "inf" : "-inf";
  return _layout(n.toExponential());
}

/** Text form of a FLOAT value (6 significant digits, as MySQL displays FLOAT). */
export function formatFloat(n: number): string {
  if (n === 0) return "0";
  if (!Number.isFinite(n)) return formatDouble(n);
  return _layout(n.toExponential(5));
}

/** Text form of a DECIMAL(p, decimals) value that arrived as a JS number or bigint. */
export function formatDecimal(n: number | bigint, decimals: number): string {
  const places = Math.max(0, Math.min(decimals, 30));
  if (typeof n === "bigint") return places > 0 ? `${n}.${"0".repeat(places)}` : n.toString();
  if (!Number.isFinite(n)) return formatDouble(n);
  let s: string;
  if (Math.abs(n) < 1e21) {
    s = n.toFixed(places);
  } else {
    const int = BigInt(n).toString();
    s = places > 0 ? `${int}.${"0".repeat(places)}` : int;
  }
  // MySQL has no negative zero: -0.001 in DECIMAL(5,2) prints 0.00.
  if (s.charCodeAt(0) === 45 && /^-0(\.0*)?$/.test(s)) s = s.slice(1);
  return s;
}

/** Text form of an integer-typed value held in a JS number. */
export function formatInteger(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  return formatDouble(n);
}

/** Lays out the output of `toExponential` by MySQL's plain/exponent rule. */
function _layout(exp: string): string {
  const e = exp.indexOf("e");
  let mantissa = exp.slice(0, e);
  const exponent = Number(exp.slice(e + 1));
  let sign = "";
  if (mantissa.charCodeAt(0) === 45) {
    sign = "-";
    mantissa = mantissa.slice(1);
  }
  let digits = mantissa.replace(".", "");
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  if (exponent < -15 || exponent >= 15) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exponent}`;
  }
  const decpt = exponent + 1;
  if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return sign + digits + "0".repeat(decpt - digits.length);
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}
