/**
 * The cookies a browser would keep for one site. Paths and expiry dates in the future are
 * ignored (everything goes to every path of the one host under test); a cookie set with a
 * date in the past, or to "deleted", is removed, which is how WordPress logs out.
 */

/** A minimal cookie store for one host. */
export class CookieJar {
  #cookies = new Map<string, string>();

  /** Takes the `Set-Cookie` headers of a response. */
  store(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === "" || value === "deleted" || _expired(attributes)) {
        this.#cookies.delete(name);
      } else {
        this.#cookies.set(name, value);
      }
    }
  }

  /** The `Cookie` request header, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.#cookies.size === 0) return undefined;
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** Names of the cookies held. */
  names(): string[] {
    return [...this.#cookies.keys()];
  }

  /** Forgets every cookie. */
  clear(): void {
    this.#cookies.clear();
  }
}

function _expired(attributes: string[]): boolean {
  for (const attribute of attributes) {
    const [key = "", value = ""] = attribute.split("=", 2).map((s) => s.trim());
    const lower = key.toLowerCase();
    if (lower === "max-age" && Number(value) <= 0) return true;
    if (lower === "expires") {
      const when = Date.parse(value);
      if (!Number.isNaN(when) && when < Date.now()) return true;
    }
  }
  return false;
}
