/**
 * Soft assertions: run several independent checks in one step, collect every failure,
 * and fail once at the end with all of them, so one wrong answer does not hide the next.
 */
import assert from "node:assert/strict";

/** Collects failed checks; call `done()` at the end of the step. */
export class Checks {
  #problems: string[] = [];

  /** Runs one check (sync or async); a thrown error is recorded, not raised. */
  async that(label: string, fn: () => unknown): Promise<void> {
    try {
      await fn();
    } catch (e) {
      const text = (e as Error).message.replace(/\s*\n\s*/g, " ").slice(0, 600);
      this.#problems.push(`${label}: ${text}`);
    }
  }

  /** Fails with every recorded problem, if any. */
  done(): void {
    assert.deepEqual(
      this.#problems,
      [],
      `${this.#problems.length} check(s) failed:\n  ${this.#problems.join("\n  ")}`,
    );
  }
}
