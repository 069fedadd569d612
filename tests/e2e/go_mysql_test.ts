/**
 * Go's database/sql with github.com/go-sql-driver/mysql unmodified against a node
 * (`go_mysql/main.go`, one step per check), with interpolateParams=false (server-side
 * prepared statements) and true, parseTime=true. The module is pinned in go_mysql/go.mod and
 * go.sum and fetched through the Go module proxy; without a `go` on PATH the test is not run.
 */
import { driverSuite, runs } from "./support/driver_checks.ts";

const DIR = new URL("./go_mysql/", import.meta.url).pathname;
const hasGo = runs("go", ["version"]);

// Built before the node starts, so a first module download does not count against anything.
const binary = hasGo ? await build() : null;

async function build(): Promise<string | null> {
  const dir = await Deno.makeTempDir({ prefix: "marmot-go-mysql-" });
  globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
  const out = `${dir}/go_mysql`;
  const r = await new Deno.Command("go", {
    args: ["-C", DIR, "build", "-o", out, "."],
    stderr: "piped",
  })
    .output();
  if (!r.success) {
    console.warn(`go_mysql_test.ts: go build failed:\n${new TextDecoder().decode(r.stderr)}`);
    return null;
  }
  return out;
}

driverSuite(
  "Go go-sql-driver/mysql works unmodified",
  binary === null ? [] : [{ label: "go-sql-driver/mysql", command: binary, args: [], checks: 10 }],
  !hasGo
    ? "no go on PATH"
    : binary === null
    ? "go build of tests/e2e/go_mysql failed (module proxy?)"
    : null,
);
