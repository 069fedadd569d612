/**
 * caching_sha2_password's server-side cache (notes §3.5): which users may use the fast
 * path. MySQL starts empty and adds a user after a successful full authentication; until
 * then the client is asked for full authentication (RSA or a secure transport).
 *
 * Mode "preload" (the default) treats every configured account as cached, so clients that
 * cannot do the RSA exchange (Connector/J without allowPublicKeyRetrieval) still log in.
 * Mode "empty" behaves like a freshly started MySQL server. Entries remember
 * SHA256(SHA256(password)) so a changed password invalidates them. Bounded (oldest out).
 */
import { constantTimeEqual, sha2DoubleHash } from "./password_hash.ts";

/** How the cache starts. */
export type Sha2CacheMode = "preload" | "empty";

/** Users allowed on the caching_sha2_password fast path. */
export class AuthCache {
  readonly #mode: Sha2CacheMode;
  readonly #entries = new Map<string, Uint8Array>();
  readonly #limit: number;

  constructor(mode: Sha2CacheMode = "preload", limit = 10_000) {
    this.#mode = mode;
    this.#limit = limit;
  }

  /** True when `user` with the current `password` may use fast authentication. */
  async has(user: string, password: string): Promise<boolean> {
    if (this.#mode === "preload") return true;
    const hash = this.#entries.get(user);
    return hash !== undefined && constantTimeEqual(hash, await sha2DoubleHash(password));
  }

  /** Records a successful full authentication. */
  async add(user: string, password: string): Promise<void> {
    if (this.#mode === "preload") return;
    this.#entries.delete(user);
    if (this.#entries.size >= this.#limit) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(user, await sha2DoubleHash(password));
  }
}
