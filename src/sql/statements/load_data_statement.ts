/**
 * LOAD DATA LOCAL INFILE: the file comes from the client over the connection and its rows are
 * inserted as the statement's options describe. Reading files on the server (LOAD DATA without
 * LOCAL) is refused as MySQL refuses it under `secure_file_priv`; user variables and SET in
 * the column list, and LOAD XML, are not supported.
 */
import { ER, MysqlError } from "../../types/errors.ts";
import type { TokenStream } from "../parser/token_stream.ts";
import type { LoadData, Statement } from "../statement.ts";
import { Tok } from "../tokenizer.ts";
import { unsupported } from "../translate_errors.ts";

export function translateLoadData(ts: TokenStream): Statement {
  ts.expectKw("LOAD");
  if (ts.isKw("XML")) throw unsupported("LOAD XML");
  ts.expectKw("DATA");
  if (!ts.acceptKw("LOW_PRIORITY")) ts.acceptKw("CONCURRENT");
  if (!ts.acceptKw("LOCAL")) {
    throw new MysqlError(
      ER.OPTION_PREVENTS_STATEMENT,
      "The MySQL server is running with the --secure-file-priv option so it cannot execute " +
        "this statement",
    );
  }
  ts.expectKw("INFILE");
  const file = stringLiteral(ts);
  // With LOCAL, a row whose unique key is taken is skipped unless REPLACE is given.
  const duplicates = ts.acceptKw("REPLACE") ? "replace" : (ts.acceptKw("IGNORE"), "ignore");
  ts.expectKws("INTO", "TABLE");
  const name = ts.qualifiedName();
  if (ts.isKw("PARTITION")) throw unsupported("LOAD DATA ... PARTITION");
  if (ts.acceptKws("CHARACTER", "SET") || ts.acceptKw("CHARSET")) ts.next();
  const load: LoadData = {
    file,
    database: name.length > 1 ? name[0]! : null,
    table: name[name.length - 1]!,
    duplicates,
    columns: null,
    fieldsTerminatedBy: "\t",
    enclosedBy: "",
    escapedBy: "\\",
    linesStartingBy: "",
    linesTerminatedBy: "\n",
    ignoreLines: 0,
  };
  if (ts.acceptKw("FIELDS") || ts.acceptKw("COLUMNS")) {
    for (;;) {
      if (ts.acceptKws("TERMINATED", "BY")) load.fieldsTerminatedBy = stringLiteral(ts);
      else if (ts.acceptKw("OPTIONALLY") || ts.isKw("ENCLOSED")) {
        ts.expectKws("ENCLOSED", "BY");
        load.enclosedBy = singleChar(ts);
      } else if (ts.acceptKws("ESCAPED", "BY")) load.escapedBy = singleChar(ts);
      else break;
    }
  }
  if (ts.acceptKw("LINES")) {
    for (;;) {
      if (ts.acceptKws("STARTING", "BY")) load.linesStartingBy = stringLiteral(ts);
      else if (ts.acceptKws("TERMINATED", "BY")) load.linesTerminatedBy = stringLiteral(ts);
      else break;
    }
  }
  if (ts.acceptKw("IGNORE")) {
    const n = ts.next();
    if (n.type !== Tok.Number || !/^\d+$/.test(n.text)) throw ts.fail(n);
    load.ignoreLines = Number(n.text);
    if (!ts.acceptKw("LINES")) ts.expectKw("ROWS");
  }
  if (ts.acceptOp("(")) {
    const columns: string[] = [];
    do {
      if (ts.peek().type === Tok.UserVar) throw unsupported("LOAD DATA into user variables");
      columns.push(ts.ident());
    } while (ts.acceptOp(","));
    ts.expectOp(")");
    load.columns = columns;
  }
  if (ts.isKw("SET")) throw unsupported("LOAD DATA ... SET");
  ts.expectEnd();
  if (load.fieldsTerminatedBy === "" && load.enclosedBy === "") {
    throw unsupported("LOAD DATA with empty FIELDS TERMINATED BY (fixed-width rows)");
  }
  if (load.linesTerminatedBy === "") throw unsupported("LOAD DATA with empty LINES TERMINATED BY");
  return { kind: "load_data", load };
}

function stringLiteral(ts: TokenStream): string {
  const tok = ts.next();
  if (tok.type !== Tok.String) throw ts.fail(tok);
  return tok.text;
}

/** ENCLOSED BY and ESCAPED BY take one character or none. */
function singleChar(ts: TokenStream): string {
  const tok = ts.peek();
  const value = stringLiteral(ts);
  if ([...value].length > 1) throw ts.fail(tok);
  return value;
}
