/**
 * Field specs: a default and a decoder per config key. Decoders never throw; they record a
 * problem naming the key path and return undefined, so one load reports every mistake.
 */

/** Where decoders put what they find wrong. */
export interface DecodeContext {
  /** Unknown keys and other things that do not stop the start. */
  warnings: string[];
  /** Wrong types and invalid values; any entry fails the start. */
  errors: string[];
  /** Key paths of the reference's obsolete keys, warned about with a kinder message. */
  obsolete: ReadonlySet<string>;
}

/** The default and decoder of one key (or of a whole table). */
export interface FieldSpec<T> {
  /** A fresh copy of the default, safe to mutate. */
  defaultValue(): T;
  /** Checks a value read from TOML; undefined when it was wrong (the error is recorded). */
  decode(raw: unknown, path: string, ctx: DecodeContext): T | undefined;
  /** The key must be present (only meaningful inside arrays of tables). */
  readonly required?: boolean;
}

/** One spec per key of `T`: the schema of a TOML table. */
export type TableSchema<T> = { [K in keyof T]-?: FieldSpec<T[K]> };

interface RangeOptions {
  min?: number;
  max?: number;
}

/** How a bad value is quoted in messages: strings in double quotes, tables by name. */
export function showValue(raw: unknown): string {
  if (typeof raw === "string") return JSON.stringify(raw);
  if (Array.isArray(raw)) return "an array";
  if (raw instanceof Date) return "a date";
  if (raw !== null && typeof raw === "object") return "a table";
  return String(raw);
}

function _rangeText(kind: string, { min, max }: RangeOptions): string {
  if (min !== undefined && max !== undefined) return `${kind} between ${min} and ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

function _fail<T>(ctx: DecodeContext, path: string, expected: string, raw: unknown): T | undefined {
  ctx.errors.push(`${path} must be ${expected}, got ${showValue(raw)}`);
  return undefined;
}

function _numberSpec(kind: string, def: number, range: RangeOptions): FieldSpec<number> {
  const expected = _rangeText(kind, range);
  return {
    defaultValue: () => def,
    decode(raw, path, ctx) {
      const ok = typeof raw === "number" && Number.isFinite(raw) &&
        (kind !== "an integer" || Number.isInteger(raw)) &&
        (range.min === undefined || raw >= range.min) &&
        (range.max === undefined || raw <= range.max);
      return ok ? raw : _fail(ctx, path, expected, raw);
    },
  };
}

/** An integer key, optionally bounded. */
export function int(def: number, range: RangeOptions = {}): FieldSpec<number> {
  return _numberSpec("an integer", def, range);
}

/** A number key that may have a fraction. */
export function float(def: number, range: RangeOptions = {}): FieldSpec<number> {
  return _numberSpec("a number", def, range);
}

/** A boolean key. */
export function bool(def: boolean): FieldSpec<boolean> {
  return {
    defaultValue: () => def,
    decode: (raw, path, ctx) =>
      typeof raw === "boolean" ? raw : _fail(ctx, path, "true or false", raw),
  };
}

/** A string key; `required` only matters inside arrays of tables. */
export function str(def = "", options: { required?: boolean } = {}): FieldSpec<string> {
  return {
    defaultValue: () => def,
    decode: (raw, path, ctx) => typeof raw === "string" ? raw : _fail(ctx, path, "a string", raw),
    required: options.required,
  };
}

/** A string key limited to a few values; `upper` accepts any case and stores upper case. */
export function oneOf<const T extends string>(
  values: readonly T[],
  def: T,
  options: { upper?: boolean; required?: boolean } = {},
): FieldSpec<T> {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  return {
    defaultValue: () => def,
    decode(raw, path, ctx) {
      if (typeof raw !== "string") return _fail(ctx, path, expected, raw);
      const value = options.upper ? raw.toUpperCase() : raw;
      const found = values.find((v) => v === value);
      return found ?? _fail(ctx, path, expected, raw);
    },
    required: options.required,
  };
}

/** An array of strings. */
export function strList(def: readonly string[] = []): FieldSpec<string[]> {
  return {
    defaultValue: () => [...def],
    decode(raw, path, ctx) {
      if (Array.isArray(raw) && raw.every((v) => typeof v === "string")) return [...raw];
      return _fail(ctx, path, "an array of strings", raw);
    },
  };
}

/** Unix file mode bits: an integer (write `0o660` in TOML) or a string of octal digits. */
export function fileMode(def: number): FieldSpec<number> {
  const expected = 'file mode bits such as 0o660 or "0660" (at most 0o777)';
  return {
    defaultValue: () => def,
    decode(raw, path, ctx) {
      let mode: number | undefined;
      if (typeof raw === "number" && Number.isInteger(raw)) mode = raw;
      if (typeof raw === "string" && /^0?o?[0-7]{1,4}$/.test(raw)) {
        mode = parseInt(raw.replace(/^0?o?/, ""), 8);
      }
      return mode !== undefined && mode >= 0 && mode <= 0o777
        ? mode
        : _fail(ctx, path, expected, raw);
    },
  };
}

function _isTable(raw: unknown): raw is Record<string, unknown> {
  return raw !== null && typeof raw === "object" && !Array.isArray(raw) && !(raw instanceof Date);
}

function _unknownKey(path: string, ctx: DecodeContext): void {
  const obsolete = [...ctx.obsolete].some((p) => path === p || path.startsWith(`${p}.`));
  ctx.warnings.push(
    obsolete
      ? `Obsolete config key ignored: ${path} (no longer used by Marmot v2)`
      : `Unknown config key ignored: ${path}`,
  );
}

/** A TOML table: absent keys keep their defaults, unknown keys become warnings. */
export function table<T>(schema: TableSchema<T>): FieldSpec<T> {
  const keys = Object.keys(schema) as Array<keyof T & string>;
  const defaultValue = (): T => {
    const out = {} as T;
    for (const key of keys) out[key] = schema[key].defaultValue();
    return out;
  };
  return {
    defaultValue,
    decode(raw, path, ctx) {
      if (!_isTable(raw)) return _fail(ctx, path, "a table", raw);
      const out = defaultValue();
      for (const [key, value] of Object.entries(raw)) {
        const keyPath = path === "" ? key : `${path}.${key}`;
        if (!Object.hasOwn(schema, key)) {
          _unknownKey(keyPath, ctx);
          continue;
        }
        const k = key as keyof T & string;
        const decoded = schema[k].decode(value, keyPath, ctx);
        if (decoded !== undefined) out[k] = decoded;
      }
      for (const key of keys) {
        if (schema[key].required && !Object.hasOwn(raw, key)) {
          ctx.errors.push(`${path}.${key} is required`);
        }
      }
      return out;
    },
  };
}

/** An array of tables (`[[section.name]]`); a given array replaces the default one. */
export function tableList<T>(element: FieldSpec<T>, def: () => T[] = () => []): FieldSpec<T[]> {
  return {
    defaultValue: def,
    decode(raw, path, ctx) {
      if (!Array.isArray(raw)) return _fail(ctx, path, `an array of tables ([[${path}]])`, raw);
      const out: T[] = [];
      raw.forEach((item, i) => {
        const decoded = element.decode(item, `${path}[${i}]`, ctx);
        if (decoded !== undefined) out.push(decoded);
      });
      return out;
    },
  };
}
