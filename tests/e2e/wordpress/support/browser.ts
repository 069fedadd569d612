/**
 * A scripted browser for one WordPress site: keeps cookies by hand, follows redirects, and
 * fails a request whose page shows a server error (see `problems.ts`).
 */
import { CookieJar } from "./cookie_jar.ts";
import { pageProblems } from "./problems.ts";

/** A response as the test sees it. */
export interface Page {
  status: number;
  /** The URL of the final response, after redirects. */
  url: string;
  headers: Headers;
  body: string;
}

/** Options for one request. */
export interface RequestOptions {
  /** Form fields (sent as application/x-www-form-urlencoded), JSON, or raw bytes. */
  form?: Record<string, string> | URLSearchParams;
  json?: unknown;
  bytes?: { data: Uint8Array; type: string; filename?: string };
  headers?: Record<string, string>;
  /** Do not follow a redirect; return the 3xx response. */
  noRedirect?: boolean;
  /** Accept these statuses besides 2xx (and 3xx when not following); default none. */
  allowStatus?: number[];
}

/** Thrown when a page shows a problem or has an unexpected status. */
export class PageError extends Error {
  constructor(readonly page: Page, problems: string[]) {
    super(`${page.url} (HTTP ${page.status}): ${problems.join(" | ")}`);
  }
}

/** A cookie-keeping HTTP client for one site. */
export class Browser {
  readonly jar = new CookieJar();
  /** Every URL fetched, in order (for failure reports). */
  readonly history: string[] = [];

  constructor(readonly baseUrl: string) {}

  /** GET `path` (relative to the site, or absolute). */
  get(path: string, options: RequestOptions = {}): Promise<Page> {
    return this.request("GET", path, options);
  }

  /** POST `path` with a form, JSON or bytes. */
  post(path: string, options: RequestOptions = {}): Promise<Page> {
    return this.request("POST", path, options);
  }

  /** Any method; follows redirects like a browser (POST becomes GET after 301/302/303). */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Page> {
    let url = this.absolute(path);
    let body: BodyInit | undefined;
    const headers: Record<string, string> = { ...options.headers };
    if (options.form) {
      body = new URLSearchParams(options.form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers["content-type"] = "application/json";
    } else if (options.bytes) {
      body = options.bytes.data.slice().buffer;
      headers["content-type"] = options.bytes.type;
      if (options.bytes.filename) {
        headers["content-disposition"] = `attachment; filename="${options.bytes.filename}"`;
      }
    }
    for (let hop = 0; hop < 10; hop++) {
      const cookie = this.jar.header();
      this.history.push(`${method} ${url}`);
      const res = await fetch(url, {
        method,
        body,
        headers: cookie ? { ...headers, cookie } : headers,
        redirect: "manual",
      });
      this.jar.store(res.headers);
      const text = await res.text();
      const page: Page = { status: res.status, url, headers: res.headers, body: text };
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location && !options.noRedirect) {
        // An error printed before the redirect would be lost with this body.
        const early = pageProblems(page.status, page.body);
        if (early.length > 0) throw new PageError(page, early);
        url = new URL(location, url).toString();
        if (res.status !== 307 && res.status !== 308) {
          method = "GET";
          body = undefined;
          delete headers["content-type"];
        }
        continue;
      }
      const problems = pageProblems(page.status, page.body);
      const okStatus = (page.status >= 200 && page.status < 300) ||
        (options.noRedirect && page.status >= 300 && page.status < 400) ||
        (options.allowStatus ?? []).includes(page.status);
      if (!okStatus) problems.unshift(`unexpected HTTP ${page.status}`);
      if (problems.length > 0) throw new PageError(page, problems);
      return page;
    }
    throw new Error(`Too many redirects from ${path}`);
  }

  /** A REST API call with the cookie session and a `wp_rest` nonce; returns parsed JSON. */
  async rest<T = unknown>(
    method: string,
    route: string,
    options: RequestOptions & { nonce?: string } = {},
  ): Promise<T> {
    const headers = { ...options.headers };
    if (options.nonce) headers["x-wp-nonce"] = options.nonce;
    // Plain ?rest_route= works whatever the permalink settings are.
    const [path = "", query] = route.split("?", 2);
    const url = `/?rest_route=${encodeURIComponent(path)}${query ? `&${query}` : ""}`;
    const page = await this.request(method, url, {
      ...options,
      headers,
    });
    // With WP_DEBUG_DISPLAY, PHP prints its (harmless, else request() threw) warnings before
    // the JSON, as the editor's JavaScript would also see them.
    const json = page.body.replace(
      /^(?:\s*<br \/>\s*<b>(?:Warning|Notice|Deprecated)<\/b>:[\s\S]*?on line <b>\d+<\/b><br \/>)+\s*/,
      "",
    );
    try {
      return JSON.parse(json) as T;
    } catch {
      throw new PageError(page, [`not JSON: ${page.body.slice(0, 300)}`]);
    }
  }

  /** `path` as an absolute URL on this site. */
  absolute(path: string): string {
    return new URL(path, this.baseUrl + "/").toString();
  }
}
