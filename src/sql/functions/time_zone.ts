/**
 * Time zone offsets for the session `time_zone` and `CONVERT_TZ`: 'SYSTEM' is UTC (the server
 * runs in UTC whatever the machine's zone), '+HH:MM' offsets, and named zones through `Intl`
 * (MySQL needs its tz tables for names; we have the runtime's).
 */

const _offsets = new Map<string, number | null>();
const _formatters = new Map<string, Intl.DateTimeFormat | null>();
const CACHE_LIMIT = 256;

/** Fixed offset in minutes of a zone name, or null when the zone is named (DST-dependent). */
function _fixedOffset(zone: string): number | null | undefined {
  const hit = _offsets.get(zone);
  if (hit !== undefined || _offsets.has(zone)) return hit;
  let result: number | null | undefined;
  const z = zone.trim();
  const upper = z.toUpperCase();
  if (upper === "SYSTEM" || upper === "UTC" || upper === "GMT" || upper === "Z") result = 0;
  else if (z.charCodeAt(0) === 43 || z.charCodeAt(0) === 45) result = _parseOffset(z);
  else result = undefined;
  if (result !== undefined) {
    if (_offsets.size >= CACHE_LIMIT) _offsets.clear();
    _offsets.set(zone, result);
  }
  return result;
}

/** '+05:30' → 330; MySQL accepts -13:59 … +14:00. */
function _parseOffset(z: string): number | null {
  const colon = z.indexOf(":");
  if (colon < 2 || colon > 3 || z.length - colon !== 3) return null;
  const h = Number(z.slice(1, colon));
  const m = Number(z.slice(colon + 1));
  if (!Number.isInteger(h) || !Number.isInteger(m) || m > 59) return null;
  const minutes = h * 60 + m;
  const signed = z.charCodeAt(0) === 45 ? -minutes : minutes;
  if (signed > 14 * 60 || signed < -(13 * 60 + 59)) return null;
  return signed;
}

function _formatter(zone: string): Intl.DateTimeFormat | null {
  let f = _formatters.get(zone);
  if (f !== undefined) return f;
  try {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    f = null;
  }
  if (_formatters.size >= CACHE_LIMIT) _formatters.clear();
  _formatters.set(zone, f);
  return f;
}

/** Offset of `zone` from UTC in minutes at the instant `utcMs`; null for an unknown zone. */
export function zoneOffset(zone: string, utcMs: number): number | null {
  const fixed = _fixedOffset(zone);
  if (fixed !== undefined) return fixed;
  const f = _formatter(zone);
  if (f === null) return null;
  const at = Math.floor(utcMs / 1000) * 1000;
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(at))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const local = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return Math.round((local - at) / 60000);
}

/**
 * Converts a wall-clock time in `zone` (given as if it were UTC, in ms) to a UTC instant.
 * In a DST gap or overlap the earlier valid offset wins, as MySQL does.
 */
export function localToUtc(zone: string, localMs: number): number | null {
  const first = zoneOffset(zone, localMs);
  if (first === null) return null;
  let utc = localMs - first * 60000;
  const second = zoneOffset(zone, utc);
  if (second !== null && second !== first) utc = localMs - second * 60000;
  return utc;
}
