/**
 * Bounded LRU of translations keyed by normalized statement text. An entry holds one template,
 * or a few variants when the translation also depends on the session's database, on
 * CLIENT_FOUND_ROWS, on the schema (AUTO_INCREMENT columns: cached per database and schema
 * version, so a DDL makes them translate again) or on the value of a structural literal
 * (ORDER BY 2, a string alias).
 */
import type { SqlValue } from "../types/values.ts";
import type { TranslateContext } from "./statement.ts";
import type { Template } from "./template.ts";

/** What, beyond the key, selects the template of an entry. */
export interface VariantSpec {
  structural: number[];
  usesDatabase: boolean;
  usesSchema: boolean;
  /** The database whose schema the translation read when not the session's (a write to
   * `db.table`), or null. */
  schemaDatabase: string | null;
}

interface Entry {
  spec: VariantSpec;
  single: Template | null;
  variants: Map<string, Template> | null;
  size: number;
}

const MAX_VARIANTS = 16;

export interface TranslationCacheOptions {
  /** Entries kept (default 10000). */
  maxEntries?: number;
  /** Approximate characters of keys and SQL kept (default 32 million). */
  maxChars?: number;
}

export class TranslationCache {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxChars: number;
  #chars = 0;

  constructor(options: TranslationCacheOptions = {}) {
    this.#maxEntries = Math.max(1, options.maxEntries ?? 10000);
    this.#maxChars = Math.max(1024, options.maxChars ?? 32_000_000);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The template for `key` in this context, or undefined. */
  get(key: string, ctx: TranslateContext, values: SqlValue[]): Template | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    // Re-insert to mark as most recently used.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (entry.single !== null) return entry.single;
    return entry.variants?.get(variantKey(entry.spec, ctx, values));
  }

  set(
    key: string,
    spec: VariantSpec,
    ctx: TranslateContext,
    values: SqlValue[],
    t: Template,
  ): void {
    const trivial = spec.structural.length === 0 && !spec.usesDatabase &&
      !spec.usesSchema;
    let entry = this.#entries.get(key);
    const size = key.length + templateSize(t);
    if (entry === undefined) {
      entry = { spec, single: null, variants: null, size: 0 };
      this.#entries.set(key, entry);
    }
    if (trivial) {
      entry.single = t;
      this.#chars += size - entry.size;
      entry.size = size;
    } else {
      entry.variants ??= new Map();
      if (entry.variants.size >= MAX_VARIANTS) {
        this.#chars -= entry.size;
        entry.size = 0;
        entry.variants.clear();
      }
      entry.variants.set(variantKey(spec, ctx, values), t);
      entry.size += size;
      this.#chars += size;
    }
    this.#evict();
  }

  clear(): void {
    this.#entries.clear();
    this.#chars = 0;
  }

  #evict(): void {
    while (
      this.#entries.size > this.#maxEntries ||
      (this.#chars > this.#maxChars && this.#entries.size > 1)
    ) {
      const oldest = this.#entries.keys().next().value as string;
      this.#chars -= this.#entries.get(oldest)!.size;
      this.#entries.delete(oldest);
    }
  }
}

function variantKey(spec: VariantSpec, ctx: TranslateContext, values: SqlValue[]): string {
  let key = spec.usesDatabase ? `${ctx.database ?? ""}` : "";
  key += "\u0001";
  if (spec.usesSchema) {
    const other = spec.schemaDatabase;
    const facts = other === null ? ctx.schema : ctx.schemaOf?.(other);
    key += `\u0001S${facts?.version ?? "-"}\u0001${other ?? ctx.database ?? ""}`;
  }
  for (const slot of spec.structural) {
    const v = values[slot];
    key += `\u0001${typeof v}:${v instanceof Uint8Array ? Array.from(v).join(",") : String(v)}`;
  }
  return key;
}

function templateSize(t: Template): number {
  if (t.kind === "select") return t.stmt.sql.length + (t.foundRowsQuery?.sql.length ?? 0);
  const values = t.insertValues === null ? 0 : t.insertValues.length * 8;
  return t.stmts.reduce((n, s) => n + s.sql.length, values + (t.matchedQuery?.sql.length ?? 0));
}
