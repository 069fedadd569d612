/**
 * The target type of CAST / CONVERT, normalized to the upper-case strings `mysql_cast` takes:
 * 'SIGNED', 'UNSIGNED', 'CHAR', 'CHAR(10)', 'BINARY', 'BINARY(16)', 'DATE', 'DATETIME',
 * 'DATETIME(3)', 'TIME', 'DECIMAL(10,2)', 'DOUBLE', 'FLOAT', 'JSON', 'YEAR'.
 */
import { Tok } from "../tokenizer.ts";
import { unsupported } from "../translate_errors.ts";
import type { TokenStream } from "./token_stream.ts";

/** Parses a cast type; numbers in it are part of the translation (structural literals). */
export function parseCastType(ts: TokenStream): string {
  const kw = ts.kw();
  ts.next();
  let type: string;
  switch (kw) {
    case "SIGNED":
    case "UNSIGNED":
      if (!ts.acceptKw("INTEGER")) ts.acceptKw("INT");
      type = kw;
      break;
    case "INT":
    case "INTEGER":
      type = "SIGNED";
      break;
    case "CHAR":
    case "NCHAR":
    case "CHARACTER":
    case "VARCHAR": {
      const n = optionalLength(ts);
      skipCharset(ts);
      type = n === null ? "CHAR" : `CHAR(${n})`;
      break;
    }
    case "BINARY": {
      const n = optionalLength(ts);
      type = n === null ? "BINARY" : `BINARY(${n})`;
      break;
    }
    case "DATE":
    case "YEAR":
    case "JSON":
      type = kw;
      break;
    case "DATETIME":
    case "TIME":
    case "TIMESTAMP": {
      const n = optionalLength(ts);
      const base = kw === "TIME" ? "TIME" : "DATETIME";
      type = n === null ? base : `${base}(${n})`;
      break;
    }
    case "DECIMAL":
    case "DEC":
    case "NUMERIC":
    case "FIXED": {
      let precision = "10";
      let scale = "0";
      if (ts.acceptOp("(")) {
        precision = number(ts);
        if (ts.acceptOp(",")) scale = number(ts);
        ts.expectOp(")");
      }
      type = `DECIMAL(${precision},${scale})`;
      break;
    }
    case "DOUBLE":
      ts.acceptKw("PRECISION");
      type = "DOUBLE";
      break;
    case "REAL":
      type = "DOUBLE";
      break;
    case "FLOAT": {
      const n = optionalLength(ts);
      type = n !== null && Number(n) > 24 ? "DOUBLE" : "FLOAT";
      break;
    }
    default:
      throw ts.fail(ts.tokens[ts.pos - 1]);
  }
  if (ts.isKw("ARRAY")) throw unsupported("CAST ... ARRAY");
  return type;
}

function optionalLength(ts: TokenStream): string | null {
  if (!ts.acceptOp("(")) return null;
  const n = number(ts);
  ts.expectOp(")");
  return n;
}

function number(ts: TokenStream): string {
  const tok = ts.next();
  if (tok.type !== Tok.Number || !/^\d+$/.test(tok.text)) throw ts.fail(tok);
  ts.structural.add(tok.lit);
  return tok.text;
}

function skipCharset(ts: TokenStream): void {
  if (ts.acceptKws("CHARACTER", "SET") || ts.acceptKw("CHARSET")) {
    ts.next();
  } else if (ts.isKw("ASCII") || ts.isKw("UNICODE") || ts.isKw("BINARY")) {
    ts.next();
  }
  if (ts.acceptKw("COLLATE")) ts.next();
}
