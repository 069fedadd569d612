/**
 * JSON_VALUE(doc, path [RETURNING type] [response ON EMPTY] [response ON ERROR]), as MySQL 8:
 * the value at `path` as SQL text (a string unquoted, an array or object as its JSON text, a
 * JSON null as NULL). The parser passes the responses as `JSON_VALUE(doc, path, empty,
 * emptyDefault, error, errorDefault)`, each response `NULL`, `ERROR` or `DEFAULT` (its value
 * beside it), and casts the call to the RETURNING type.
 *
 * ON EMPTY answers a path that selects nothing (ERROR: 3966); ON ERROR answers a document that
 * is no JSON (NULL and DEFAULT warn 3141, ERROR fails with it) and a path that selects more
 * than one value (ERROR: 3967). An invalid path always fails (3143).
 */
import { ER, MysqlError } from "../../types/errors.ts";
import type { SqlValue } from "../../types/values.ts";
import { checkArity, type Define, type Warn } from "./define.ts";
import { evaluatePath, parsePath } from "./json_path.ts";
import { docArg, formatJson, type Json } from "./json_value.ts";
import { toText } from "./values.ts";

const FN = "json_value";

/** Registers `json_value` on `def`'s connection. */
export function registerJsonValue(def: Define, warn: Warn): void {
  def(FN, (...a: SqlValue[]) => {
    checkArity(FN, a.length, { min: 2, max: 6 });
    const [d, p, emptyMode, emptyDefault, errorMode, errorDefault] = a;
    const onEmpty = _response(emptyMode, emptyDefault);
    const onError = _response(errorMode, errorDefault);
    const path = toText(p ?? null);
    if (d === null || path === null) return null;
    const legs = parsePath(path);
    let doc: Json | undefined;
    try {
      doc = docArg(d!, { fn: FN, arg: 1 });
    } catch (err) {
      if (!(err instanceof MysqlError) || onError.mode === "ERROR") throw err;
      warn(err.code, err.message);
      return onError.value;
    }
    const found = evaluatePath(doc!, legs);
    if (found.length === 0) {
      if (onEmpty.mode === "ERROR") throw _noValue(ER.MISSING_JSON_VALUE, "No value was found");
      return onEmpty.value;
    }
    if (found.length > 1) {
      if (onError.mode === "ERROR") {
        throw _noValue(ER.MULTIPLE_JSON_VALUES, "More than one value was found");
      }
      return onError.value;
    }
    const v = found[0]!.value;
    if (v === null) return null;
    return typeof v === "string" ? v : formatJson(v);
  }, { varargs: true });
}

interface Response {
  mode: string;
  /** What NULL or DEFAULT answers. */
  value: SqlValue;
}

function _response(mode: SqlValue | undefined, value: SqlValue | undefined): Response {
  const m = mode === undefined ? "NULL" : toText(mode) ?? "NULL";
  return { mode: m, value: m === "DEFAULT" ? value ?? null : null };
}

function _noValue(code: number, what: string): MysqlError {
  return new MysqlError(code, `${what} by '${FN}' on the specified path.`);
}
