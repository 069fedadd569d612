/**
 * One `Deno.test` per file with one server for all its steps: the node is started once,
 * each check is a named step (a failing step does not stop the others), and the node is
 * always stopped. When a step fails, the tail of the node's log is printed.
 */
import { startTarget, type Target } from "./target.ts";

/** What a suite body gets: the server and a way to add named checks. */
export interface Suite {
  readonly target: Target;
  readonly port: number;
  /** Runs one named check; returns whether it passed. `knownGap` names a documented
   * limitation of ours: the check is then reported as ignored, with the reason printed,
   * except against an external MySQL/MariaDB, where it runs. */
  step(name: string, fn: () => Promise<void>, options?: { knownGap?: string }): Promise<boolean>;
}

/** Registers a test that runs `body` against a fresh server. */
export function e2eSuite(name: string, body: (suite: Suite) => Promise<void>): void {
  Deno.test({ name, sanitizeOps: false, sanitizeResources: false }, async (t) => {
    const target = await startTarget();
    let failed = false;
    const suite: Suite = {
      target,
      port: target.port,
      step: async (stepName, fn, options = {}) => {
        const gap = target.external ? undefined : options.knownGap;
        if (gap !== undefined) console.log(`IGNORED (known gap) ${stepName}: ${gap}`);
        const ok = await t.step({ name: stepName, fn, ignore: gap !== undefined });
        if (!ok && gap === undefined) failed = true;
        return ok;
      },
    };
    try {
      await body(suite);
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      if (failed && !target.external) {
        console.error(`--- last node log lines (${name}) ---\n${target.logs().slice(-6000)}`);
      }
      await target.stop();
      await target.cleanup();
    }
  });
}
