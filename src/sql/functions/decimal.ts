/**
 * Decimal rounding on the shortest decimal text of a value, so `ROUND(1.005, 2)` is 1.01 and
 * `ROUND(2.675, 2)` is 2.68 as with MySQL's exact DECIMAL arithmetic (binary doubles would give
 * 1.00 and 2.67). A number is held as sign, digit string and the position of the point.
 */
import { formatDouble } from "./values.ts";

/** sign, digits without leading zeros beyond the point, and how many are before the point. */
export interface Decimal {
  neg: boolean;
  digits: string;
  point: number;
}

/** The decimal expansion of a double's shortest representation or of an integer. */
export function toDecimal(x: number | bigint): Decimal {
  if (typeof x === "bigint") {
    const neg = x < 0n;
    const digits = (neg ? -x : x).toString();
    return { neg, digits, point: digits.length };
  }
  const s = formatDouble(x);
  const neg = s.charCodeAt(0) === 45;
  const body = neg ? s.slice(1) : s;
  const e = body.indexOf("e");
  const mant = e < 0 ? body : body.slice(0, e);
  const exp = e < 0 ? 0 : Number(body.slice(e + 1));
  const dot = mant.indexOf(".");
  const digits = dot < 0 ? mant : mant.slice(0, dot) + mant.slice(dot + 1);
  const point = (dot < 0 ? mant.length : dot) + exp;
  return { neg, digits, point };
}

/** Rounds half away from zero (or truncates) to `places` after the point (negative: before it). */
export function roundDecimal(
  d: Decimal,
  places: number,
  options: { truncate?: boolean } = {},
): Decimal {
  const truncate = options.truncate ?? false;
  const keep = d.point + places; // digits kept
  if (keep >= d.digits.length) return d;
  if (keep < 0) return { neg: d.neg, digits: "0", point: 1 };
  let kept = d.digits.slice(0, keep);
  const up = !truncate && (d.digits.charCodeAt(keep) >= 53);
  let point = d.point;
  if (up) {
    const arr = kept.split("");
    let i = arr.length - 1;
    while (i >= 0 && arr[i] === "9") arr[i--] = "0";
    if (i >= 0) arr[i] = String.fromCharCode((arr[i] as string).charCodeAt(0) + 1);
    else {
      arr.unshift("1");
      point++;
    }
    kept = arr.join("");
  }
  if (kept === "") return { neg: d.neg, digits: "0", point: 1 };
  // Zeros stand in for the dropped integer digits.
  if (point > kept.length) kept += "0".repeat(point - kept.length);
  return { neg: d.neg, digits: kept, point };
}

/** Plain decimal text with exactly `scale` digits after the point (scale ≥ 0). */
export function decimalText(d: Decimal, scale: number): string {
  let intPart: string;
  let frac: string;
  if (d.point <= 0) {
    intPart = "0";
    frac = "0".repeat(-d.point) + d.digits;
  } else if (d.point >= d.digits.length) {
    intPart = d.digits + "0".repeat(d.point - d.digits.length);
    frac = "";
  } else {
    intPart = d.digits.slice(0, d.point);
    frac = d.digits.slice(d.point);
  }
  intPart = intPart.replace(/^0+(?=\d)/, "");
  frac = frac.length >= scale ? frac.slice(0, scale) : frac + "0".repeat(scale - frac.length);
  const zero = /^0*$/.test(intPart + frac);
  return (d.neg && !zero ? "-" : "") + intPart + (scale > 0 ? "." + frac : "");
}

/** The value of a decimal as a double. */
export function decimalValue(d: Decimal): number {
  const scale = Math.max(0, d.digits.length - d.point);
  return Number(decimalText(d, scale));
}
