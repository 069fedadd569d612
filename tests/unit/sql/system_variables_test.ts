/** Default system variables: what clients read at connect time must be there and well typed. */
import assert from "node:assert/strict";
import { defaultSystemVariables, showVariableValue } from "../../../src/sql/system_variables.ts";

Deno.test("Connector/J's connect-time variables exist; numeric ones are numbers", () => {
  const v = defaultSystemVariables();
  const numeric = [
    "auto_increment_increment",
    "interactive_timeout",
    "lower_case_table_names",
    "max_allowed_packet",
    "net_write_timeout",
    "performance_schema",
    "query_cache_size",
    "wait_timeout",
  ];
  for (const n of numeric) assert.equal(typeof v.get(n), "number", n);
  for (
    const n of [
      "character_set_client",
      "character_set_connection",
      "character_set_results",
      "character_set_server",
      "collation_server",
      "collation_connection",
      "init_connect",
      "license",
      "sql_mode",
      "system_time_zone",
      "time_zone",
      "transaction_isolation",
    ]
  ) {
    assert.equal(typeof v.get(n), "string", n);
  }
  assert.equal(v.get("version"), "8.0.32-Marmot");
  assert.equal(v.get("version_comment"), "Marmot");
  assert.equal(v.get("autocommit"), 1);
  assert.equal(v.get("transaction_isolation"), "REPEATABLE-READ");
  assert.equal(v.get("tx_isolation"), "REPEATABLE-READ");
  assert.equal(v.get("sql_select_limit"), 18446744073709551615n);
  for (const name of v.keys()) assert.equal(name, name.toLowerCase());
});

Deno.test("Each call returns a fresh map; SHOW VARIABLES prints ON/OFF", () => {
  const a = defaultSystemVariables();
  a.set("autocommit", 0);
  assert.equal(defaultSystemVariables().get("autocommit"), 1);
  assert.equal(showVariableValue("autocommit", 0), "OFF");
  assert.equal(showVariableValue("foreign_key_checks", 1), "ON");
  assert.equal(showVariableValue("max_allowed_packet", 67108864), "67108864");
  assert.equal(showVariableValue("secure_file_priv", null), null);
});
