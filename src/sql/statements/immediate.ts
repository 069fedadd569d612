/** Emission for statements translated on every call (SET, DO, EXPLAIN, ...): literals are
 * bound right away instead of going through a cached template. */
import { Emitter } from "../emit/emitter.ts";
import { normalize } from "../normalizer.ts";
import type { SqliteStatement, TranslateContext } from "../statement.ts";
import { bindStatement } from "../template.ts";
import type { Token } from "../tokenizer.ts";
import type { SqlValue } from "../../types/values.ts";

export class ImmediateEmitter {
  readonly em: Emitter;
  readonly #values: SqlValue[];

  constructor(sql: string, tokens: Token[], ctx: TranslateContext) {
    const norm = normalize(sql, tokens);
    this.#values = norm.values;
    this.em = new Emitter({
      ctx,
      sessionDatabase: ctx.database,
      sql,
      values: norm.values,
      literalTokens: tokens.filter((t) => t.lit >= 0),
      structural: new Set(),
      inlineAll: false,
    });
  }

  /** The bound statement for emitted SQL (with parameter markers). */
  statement(sql: string): SqliteStatement {
    return bindStatement(this.em.compile(sql), this.#values);
  }
}
