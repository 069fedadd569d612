/**
 * A replicator for session unit tests: a lone node that keeps nothing (every call succeeds
 * and does nothing); a test overrides what it checks.
 */
import type { Replicator } from "../../../src/session/replicator.ts";

export function testReplicator(overrides: Partial<Replicator> = {}): Replicator {
  return {
    begin: () => "t1",
    claim: () => {},
    release: () => {},
    released: () => Promise.resolve(),
    holderOf: () => null,
    commitsHere: () => true,
    retryAfterConflict: () => Promise.resolve(false),
    newRowid: () => 1n,
    databaseOp: () => Promise.resolve(),
    prepare: () => ({
      inPlace: true,
      recordInPlace: () => {},
      finish: () => {},
      replicate: () => Promise.resolve(),
    }),
    ...overrides,
  };
}
