/**
 * The character sets and collations the server reports (SHOW COLLATION, SHOW CHARACTER SET,
 * INFORMATION_SCHEMA) and accepts in DDL, with MySQL 8's ids. `utf8` means utf8mb3 as in
 * MySQL 8.
 */

/** One character set. */
export interface CharsetInfo {
  name: string;
  description: string;
  defaultCollation: string;
  /** Bytes per character at most. */
  maxlen: number;
}

/** One collation. */
export interface CollationInfo {
  name: string;
  charset: string;
  id: number;
  isDefault: boolean;
  sortlen: number;
  padAttribute: "PAD SPACE" | "NO PAD";
}

/** Character sets, in SHOW CHARACTER SET order (alphabetical). */
export const CHARSETS: readonly CharsetInfo[] = [
  { name: "ascii", description: "US ASCII", defaultCollation: "ascii_general_ci", maxlen: 1 },
  { name: "binary", description: "Binary pseudo charset", defaultCollation: "binary", maxlen: 1 },
  {
    name: "latin1",
    description: "cp1252 West European",
    defaultCollation: "latin1_swedish_ci",
    maxlen: 1,
  },
  { name: "ucs2", description: "UCS-2 Unicode", defaultCollation: "ucs2_general_ci", maxlen: 2 },
  { name: "utf16", description: "UTF-16 Unicode", defaultCollation: "utf16_general_ci", maxlen: 4 },
  { name: "utf32", description: "UTF-32 Unicode", defaultCollation: "utf32_general_ci", maxlen: 4 },
  {
    name: "utf8mb3",
    description: "UTF-8 Unicode",
    defaultCollation: "utf8mb3_general_ci",
    maxlen: 3,
  },
  {
    name: "utf8mb4",
    description: "UTF-8 Unicode",
    defaultCollation: "utf8mb4_0900_ai_ci",
    maxlen: 4,
  },
];

function _c(
  name: string,
  id: number,
  sortlen: number,
  isDefault = false,
): CollationInfo {
  const charset = name === "binary" ? "binary" : name.slice(0, name.indexOf("_"));
  return {
    name,
    charset,
    id,
    isDefault,
    sortlen,
    padAttribute: name.includes("_0900_") ? "NO PAD" : "PAD SPACE",
  };
}

/** Collations, in SHOW COLLATION order (alphabetical). */
export const COLLATIONS: readonly CollationInfo[] = [
  _c("ascii_bin", 65, 1),
  _c("ascii_general_ci", 11, 1, true),
  _c("binary", 63, 1, true),
  _c("latin1_bin", 47, 1),
  _c("latin1_danish_ci", 15, 1),
  _c("latin1_general_ci", 48, 1),
  _c("latin1_general_cs", 49, 1),
  _c("latin1_german1_ci", 5, 1),
  _c("latin1_german2_ci", 31, 2),
  _c("latin1_spanish_ci", 94, 1),
  _c("latin1_swedish_ci", 8, 1, true),
  _c("ucs2_bin", 90, 1),
  _c("ucs2_general_ci", 35, 1, true),
  _c("ucs2_unicode_ci", 128, 8),
  _c("utf16_bin", 55, 1),
  _c("utf16_general_ci", 54, 1, true),
  _c("utf16_unicode_ci", 101, 8),
  _c("utf32_bin", 61, 1),
  _c("utf32_general_ci", 60, 1, true),
  _c("utf32_unicode_ci", 160, 8),
  _c("utf8mb3_bin", 83, 1),
  _c("utf8mb3_general_ci", 33, 1, true),
  _c("utf8mb3_unicode_520_ci", 214, 8),
  _c("utf8mb3_unicode_ci", 192, 8),
  _c("utf8mb4_0900_ai_ci", 255, 0, true),
  _c("utf8mb4_0900_as_ci", 305, 0),
  _c("utf8mb4_0900_as_cs", 278, 0),
  _c("utf8mb4_0900_bin", 309, 1),
  _c("utf8mb4_bin", 46, 1),
  _c("utf8mb4_general_ci", 45, 1),
  _c("utf8mb4_unicode_520_ci", 246, 8),
  _c("utf8mb4_unicode_ci", 224, 8),
];

const BY_CHARSET = new Map(CHARSETS.map((c) => [c.name, c]));
const BY_COLLATION = new Map(COLLATIONS.map((c) => [c.name, c]));

/** Canonical charset name for a name as written (`utf8` → `utf8mb3`), or undefined. */
export function resolveCharset(name: string): CharsetInfo | undefined {
  const lower = name.toLowerCase();
  return BY_CHARSET.get(lower === "utf8" ? "utf8mb3" : lower);
}

/**
 * The collation for a name as written (`utf8_general_ci` → `utf8mb3_general_ci`). Names of a
 * known charset that we do not list (e.g. MariaDB's `utf8mb4_uca1400_ai_ci` in an imported
 * dump) are accepted with the charset's default id, so dumps from other servers load.
 */
export function resolveCollation(name: string): CollationInfo | undefined {
  let lower = name.toLowerCase();
  if (lower.startsWith("utf8_")) lower = "utf8mb3_" + lower.slice(5);
  const known = BY_COLLATION.get(lower);
  if (known) return known;
  const cs = resolveCharset(lower.slice(0, Math.max(0, lower.indexOf("_"))));
  if (!cs || !/_(ci|cs|bin)$/.test(lower)) return undefined;
  const base = BY_COLLATION.get(cs.defaultCollation)!;
  return { ...base, name: lower, isDefault: false };
}

/** Default collation of a canonical charset name. */
export function defaultCollation(charset: string): string {
  return BY_CHARSET.get(charset)?.defaultCollation ?? "utf8mb4_0900_ai_ci";
}

/** Bytes per character of a canonical charset name. */
export function charsetMaxlen(charset: string): number {
  return BY_CHARSET.get(charset)?.maxlen ?? 4;
}

/** Wire id of a collation name (the charset default's id when unknown). */
export function collationId(name: string): number {
  return resolveCollation(name)?.id ?? 255;
}

/** True when comparisons under the collation ignore letter case (emulated with NOCASE). */
export function isCaseInsensitive(collation: string): boolean {
  return /_ci$/.test(collation);
}
