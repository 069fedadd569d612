/**
 * Runs a client program written in another language (Python, PHP, Go, Perl) against a fresh
 * node and turns each JSON line it prints (`{"name", "ok", "error"?}`) into a test step.
 * The node has `root` without a password and `app` with the password in the program's
 * environment variable APP_PASSWORD, so the programs check password authentication too. A program that cannot run here (interpreter or driver
 * missing) makes the test ignored, loudly, as the SQLAlchemy test does.
 */
import { startNode } from "../../helpers/mod.ts";

export const APP_PASSWORD = "s3cret-pw";

const CONFIG = `
[[mysql.users]]
name = "root"
password = ""

[[mysql.users]]
name = "app"
password = "${APP_PASSWORD}"
`;

/** One program run: the command and its arguments after PORT and DATABASE. */
export interface DriverProgram {
  /** Step-name prefix, e.g. "mysql-connector-python". */
  label: string;
  command: string;
  /** Arguments before the port and database name. */
  args: string[];
  /** How many checks the program runs (a crash midway must not pass). */
  checks: number;
  env?: Record<string, string>;
}

/** True when `command args...` runs and exits 0 (used to probe for drivers). */
export function runs(command: string, args: string[]): boolean {
  try {
    return new Deno.Command(command, { args, stdout: "null", stderr: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
}

interface CheckLine {
  name: string;
  ok: boolean;
  error?: string;
}

/**
 * Registers one test that starts a node and runs `programs` one after another against it,
 * each in its own database; `missing` names what is not installed (then the test is ignored).
 */
export function driverSuite(name: string, programs: DriverProgram[], missing: string | null) {
  if (missing !== null) {
    console.warn(`SKIPPED ${name}: ${missing}`);
    Deno.test({ name: `${name} (not run: ${missing})`, ignore: true, fn() {} });
    return;
  }
  Deno.test({ name, sanitizeOps: false, sanitizeResources: false }, async (t) => {
    await using node = await startNode({ config: CONFIG });
    let failed = false;
    for (const [i, p] of programs.entries()) {
      const out = await new Deno.Command(p.command, {
        args: [...p.args, String(node.mysqlPort), `e2e_drv${i}`],
        env: { APP_PASSWORD, ...p.env },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stdout = new TextDecoder().decode(out.stdout);
      const stderr = new TextDecoder().decode(out.stderr);
      const lines: CheckLine[] = stdout.split("\n").filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l));
      for (const r of lines) {
        const ok = await t.step(`${p.label}: ${r.name}`, () => {
          if (!r.ok) throw new Error(r.error);
          return Promise.resolve();
        });
        failed ||= !ok;
      }
      const complete = await t.step(`${p.label}: ran all ${p.checks} checks`, () => {
        if (lines.length !== p.checks || !out.success) {
          throw new Error(
            `${p.command} exited ${out.code} after ${lines.length} checks\n${stdout}\n${stderr}`,
          );
        }
        return Promise.resolve();
      });
      failed ||= !complete;
    }
    if (failed) console.error(`--- last node log lines (${name}) ---\n${node.logs().slice(-6000)}`);
  });
}
