/**
 * One `Deno.test` that runs WordPress against one server: a fresh node (or, with
 * `E2E_EXTERNAL_PORT`, a running MySQL/MariaDB, which is how the query corpus is recorded),
 * a fresh `wordpress` database, a WordPress copy served by `php -S`, and named steps that
 * share state. Every step also fails on any new problem in WordPress's debug log or the web
 * server's output, so an error nobody looked at in a page is still caught.
 */
import { mysqlCli } from "../../../helpers/mod.ts";
import { startTarget, type Target } from "../../support/target.ts";
import { Browser } from "./browser.ts";
import { logProblems, serverLogProblems } from "./problems.ts";
import { type QueryTap, startQueryTap } from "./query_tap.ts";
import { startWordpressSite, type WordpressSite } from "./wordpress_site.ts";

/** The database WordPress uses, on the node and in the recorded corpus. */
export const WP_DATABASE = "wordpress";

/** What the steps share. */
export interface WpContext {
  readonly target: Target;
  readonly site: WordpressSite;
  /** The relay WordPress reaches the server through: what WordPress sent. */
  readonly tap: QueryTap;
  /** The administrator's browser (logged in by the login step). */
  readonly admin: Browser;
  /** A visitor without an account. */
  readonly visitor: Browser;
  /** Values one step leaves for the next (ids, nonces, links). */
  readonly state: Map<string, unknown>;
}

/** One named step of the flow. */
export interface WpStep {
  name: string;
  run(ctx: WpContext): Promise<void>;
  /**
   * Error codes the server may answer during this step, as MySQL does (WordPress probing for
   * tables before installing them: 1146). Any other error fails the step, even one WordPress
   * hid with suppress_errors().
   */
  allowErrors?: number[];
}

/** One WordPress site and the relay its database connections go through. */
export interface WatchedSite {
  readonly site: WordpressSite;
  readonly tap: QueryTap;
  /** Prefixes its problems when several sites are watched ("node 2"). */
  readonly name?: string;
}

/**
 * What went wrong since the last look, on every watched site: problem lines in WordPress's
 * debug log and in PHP's output, and errors the server answered to WordPress (even those
 * WordPress hid with suppress_errors()).
 */
export class ProblemWatch {
  readonly #seen: { debug: number; server: number; errors: number }[];

  constructor(readonly sites: readonly WatchedSite[]) {
    this.#seen = sites.map(() => ({ debug: 0, server: 0, errors: 0 }));
  }

  /** The problems that appeared since the last call, but errors with a code in `allow`. */
  take(allow: readonly number[] = []): string[] {
    return this.sites.flatMap((watched, i) => {
      const seen = this.#seen[i]!;
      const debug = watched.site.debugLog();
      const server = watched.site.serverLog();
      const answered = watched.tap.errors();
      const problems = [
        ...logProblems(debug.slice(seen.debug)),
        ...serverLogProblems(server.slice(seen.server)),
        ...answered.slice(seen.errors).filter((e) => !allow.includes(e.code)).map((e) =>
          `The server answered ${e.code} ${e.message} to: ${e.sql.slice(0, 500)}`
        ),
      ];
      this.#seen[i] = { debug: debug.length, server: server.length, errors: answered.length };
      return watched.name ? problems.map((p) => `${watched.name}: ${p}`) : problems;
    });
  }
}

/**
 * Runs `run` as a test step that also fails on what `watch` finds afterwards; the logs are
 * read even after a failure, so a step's lines are not blamed on the next. Resolves to
 * whether the step passed.
 */
export function watchedStep(
  t: Deno.TestContext,
  step: { name: string; allowErrors?: number[] },
  watch: ProblemWatch,
  run: () => Promise<void>,
): Promise<boolean> {
  return t.step(step.name, async () => {
    let error: unknown;
    try {
      await run();
    } catch (e) {
      error = e;
    }
    const problems = watch.take(step.allowErrors);
    const logged = problems.length > 0
      ? `WordPress logged or met problems:\n${problems.join("\n")}`
      : "";
    if (error instanceof Error && logged) error.message += `\n${logged}`;
    if (error !== undefined) throw error;
    if (logged) throw new Error(logged);
  });
}

/** Reads a value a previous step stored, failing clearly when that step did not run. */
export function need<T>(ctx: WpContext, key: string): T {
  if (!ctx.state.has(key)) throw new Error(`Missing state "${key}": an earlier step failed`);
  return ctx.state.get(key) as T;
}

async function _createDatabase(port: number): Promise<void> {
  const sql = `DROP DATABASE IF EXISTS ${WP_DATABASE}; CREATE DATABASE ${WP_DATABASE};`;
  const out = await mysqlCli(port, sql);
  if (out.code !== 0) throw new Error(`Cannot create the database: ${out.stderr}`);
}

/** Registers a test that runs `steps` in order; a failing step does not stop the others. */
export function wordpressSuite(name: string, steps: WpStep[]): void {
  Deno.test({ name, sanitizeOps: false, sanitizeResources: false }, async (t) => {
    const target = await startTarget();
    let site: WordpressSite | undefined;
    let tap: QueryTap | undefined;
    let failed = false;
    try {
      await _createDatabase(target.port);
      tap = startQueryTap(target.port);
      site = await startWordpressSite({ dbPort: tap.port, dbName: WP_DATABASE });
      const ctx: WpContext = {
        target,
        site,
        tap,
        admin: new Browser(site.url),
        visitor: new Browser(site.url),
        state: new Map(),
      };
      const watch = new ProblemWatch([{ site, tap }]);
      for (const step of steps) {
        const ok = await watchedStep(t, step, watch, () => step.run(ctx));
        if (!ok) failed = true;
      }
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      if (failed && !target.external) {
        console.error(`--- last node log lines (${name}) ---\n${target.logs().slice(-4000)}`);
      }
      await site?.stop();
      await tap?.close();
      await target.stop();
      await target.cleanup();
    }
  });
}
