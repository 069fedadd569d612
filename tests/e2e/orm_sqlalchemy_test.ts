/**
 * SQLAlchemy 2 with PyMySQL unmodified against a node: `orm_sqlalchemy.py` runs the checks
 * (create_all twice, inspect() reflection, ORM sessions with rollback and savepoints,
 * cascades, drop_all) and prints one JSON line per check; each becomes a step here.
 * Python comes from `.cache/python` (the venv with pinned SQLAlchemy and PyMySQL that
 * `scripts/install-python-packages.sh` creates, run by `scripts/test.sh`) or else `python3` on
 * PATH; without any Python the test is ignored, loudly.
 */
import { e2eSuite } from "./support/suite.ts";

const HERE = new URL(".", import.meta.url).pathname;
const VENV_PYTHON = new URL("../../.cache/python/bin/python3", import.meta.url).pathname;
const SCRIPT = `${HERE}orm_sqlalchemy.py`;
const CHECKS = 8;

function findPython(): string | null {
  for (const candidate of [VENV_PYTHON, "python3"]) {
    try {
      const ok =
        new Deno.Command(candidate, { args: ["--version"], stdout: "null", stderr: "null" })
          .outputSync().success;
      if (ok) return candidate;
    } catch {
      // not installed: try the next one
    }
  }
  return null;
}

const python = findPython();

if (python === null) {
  console.warn(
    "SKIPPED orm_sqlalchemy_test.ts: no python3 found (neither .cache/python nor PATH); " +
      "SQLAlchemy was not checked",
  );
  Deno.test({ name: "SQLAlchemy works unmodified (no python3: not run)", ignore: true, fn() {} });
} else {
  e2eSuite("SQLAlchemy works unmodified", async ({ port, step }) => {
    const out = await new Deno.Command(python, {
      args: [SCRIPT, String(port), "e2e_sqlalchemy"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    const results = new TextDecoder().decode(out.stdout).split("\n").filter((l) => l !== "")
      .map((l) => JSON.parse(l) as { name: string; ok: boolean; error?: string });
    for (const r of results) {
      await step(r.name, () => {
        if (!r.ok) throw new Error(r.error);
        return Promise.resolve();
      });
    }
    await step(`the script ran all ${CHECKS} checks`, () => {
      if (results.length !== CHECKS || !out.success) {
        const hint = stderr.includes("ModuleNotFoundError")
          ? "\nSQLAlchemy/PyMySQL missing: run bash scripts/install-python-packages.sh"
          : "";
        throw new Error(
          `${python} exited ${out.code} after ${results.length} checks${hint}\n${stderr}`,
        );
      }
      return Promise.resolve();
    });
  });
}
