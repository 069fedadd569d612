/**
 * A throwaway WordPress site: a private copy of Debian's `/usr/share/wordpress` with our own
 * `wp-config.php` (Debian's reads `/etc/wordpress/config-<host>.php`, which a test must not
 * touch), served by PHP's built-in web server on a loopback port.
 */
import { freePort } from "../../../helpers/mod.ts";
import { LogBuffer } from "../../../helpers/log_buffer.ts";

/** Where Debian's `wordpress` package puts WordPress. */
export const WORDPRESS_DIR = "/usr/share/wordpress";

/** Options for `startWordpressSite`. */
export interface WordpressSiteOptions {
  /** MySQL server port on 127.0.0.1 (a node or a MariaDB). */
  dbPort: number;
  /** Database name; it must exist already. */
  dbName: string;
  /** HTTP port for `php -S`; default a free port. */
  httpPort?: number;
  /**
   * Pin WP_HOME and WP_SITEURL to this site's own URL, so that several sites on one database
   * content (one per cluster node) each link to themselves whatever wp_options says.
   */
  pinUrl?: boolean;
  /** Directory for the copy; default a fresh temp dir removed by `stop()`. */
  dir?: string;
  /** How long to wait for the web server; default 15000 ms. */
  timeoutMs?: number;
}

/** A running WordPress site. */
export interface WordpressSite extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  readonly url: string;
  readonly httpPort: number;
  /** The copy's document root. */
  readonly root: string;
  /** WordPress's debug log (WP_DEBUG_LOG), empty until something is logged. */
  debugLog(): string;
  /** What `php -S` printed: access lines and errors raised before WordPress set its log. */
  serverLog(): string;
  /** Stops the web server and removes the copy if it was created here. */
  stop(): Promise<void>;
}

/** Fails with the missing Debian package named, before anything starts. */
async function _preflight(): Promise<void> {
  const missing: string[] = [];
  const exists = (path: string) => Deno.stat(path).then(() => true, () => false);
  if (!await exists(`${WORDPRESS_DIR}/wp-settings.php`)) missing.push("wordpress");
  if (!await exists(`${WORDPRESS_DIR}/wp-content/themes/twentytwentythree/style.css`)) {
    missing.push("wordpress-theme-twentytwentythree");
  }
  const modules = await new Deno.Command("php", { args: ["-m"], stdout: "piped" }).output()
    .then((o) => new TextDecoder().decode(o.stdout).split("\n").map((l) => l.trim()))
    .catch(() => undefined);
  if (!modules) missing.push("php-cli");
  else {
    if (!modules.includes("mysqli")) missing.push("php-mysql");
    if (!modules.includes("SimpleXML")) missing.push("php-xml");
  }
  if (missing.length > 0) {
    throw new Error(
      `Missing for the WordPress tests: ${missing.join(", ")} (run scripts/install-test-deps.sh)`,
    );
  }
}

/** Copies WordPress into `dir` (dereferencing Debian's symlinks) and writes `wp-config.php`. */
export async function prepareWordpressCopy(
  dir: string,
  options: { dbPort: number; dbName: string; url?: string },
): Promise<void> {
  await _preflight();
  // A real copy, not symlinks: PHP resolves symlinks in __DIR__, so wp-load.php would find
  // Debian's wp-config.php again. `cp -r` of the ~60 MB tree takes about a second.
  const cp = await new Deno.Command("cp", {
    args: ["-rL", `${WORDPRESS_DIR}/.`, dir],
    stderr: "piped",
  }).output();
  if (!cp.success) {
    throw new Error(`Cannot copy WordPress: ${new TextDecoder().decode(cp.stderr).trim()}`);
  }
  await Deno.remove(`${dir}/.htaccess`).catch(() => {});
  await Deno.mkdir(`${dir}/wp-content/uploads`, { recursive: true });
  await Deno.writeTextFile(`${dir}/wp-config.php`, wpConfig({ ...options, root: dir }));
  await Deno.copyFile(ROUTER_SOURCE, `${dir}/${ROUTER}`);
}

/** The router script's file name inside the copy. */
export const ROUTER = "marmot-router.php";

/**
 * `php -S` sends a missing path with a file extension (`/wp-sitemap.xml`) to a 404 instead of
 * WordPress's index.php, which Apache's rewrite rules would do: the examples' router does what
 * WordPress's .htaccess does.
 */
const ROUTER_SOURCE = new URL("../../../../examples/lib/marmot-router.php", import.meta.url);

/** The text of a `wp-config.php` for a test site that never reaches the network. */
export function wpConfig(
  options: { dbPort: number; dbName: string; root: string; url?: string },
): string {
  const salts = [
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
  ].map((k) => `define('${k}', 'marmot-test-${k.toLowerCase()}');`).join("\n");
  const pinned = options.url === undefined
    ? ""
    : `define('WP_HOME', '${options.url}');\ndefine('WP_SITEURL', '${options.url}');\n`;
  return `<?php
// Written by tests/e2e/wordpress/support/wordpress_site.ts for a throwaway test site.
define('DB_NAME', '${options.dbName}');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:${options.dbPort}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
${salts}
$table_prefix = 'wp_';
${pinned}define('WP_DEBUG', true);
define('WP_DEBUG_LOG', '${options.root}/wp-content/debug.log');
define('WP_DEBUG_DISPLAY', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('DISABLE_WP_CRON', true);
define('WP_DEFAULT_THEME', 'twentytwentythree');
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
`;
}

/** Runs "$@" and ends its process group once process $1 or the command is gone. */
const WATCHDOG = 'parent=$1; shift; "$@" & child=$!; ' +
  'while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done; ' +
  "kill -TERM 0";

const live = new Set<number>();
globalThis.addEventListener("unload", () => {
  for (const pid of live) _killGroup(pid, "SIGKILL");
});

function _killGroup(pid: number, signal: Deno.Signal): void {
  try {
    Deno.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

async function _waitForHttp(url: string, deadline: number, server: Deno.ChildProcess) {
  let exited = false;
  server.status.then(() => exited = true);
  while (Date.now() < deadline) {
    if (exited) return false;
    try {
      // readme.html is static: this checks the server, not WordPress.
      const res = await fetch(`${url}/readme.html`);
      await res.body?.cancel();
      if (res.status === 200) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Copies WordPress, points it at the database and starts `php -S` on it. */
export async function startWordpressSite(options: WordpressSiteOptions): Promise<WordpressSite> {
  const ownDir = options.dir === undefined;
  const root = options.dir ?? await Deno.makeTempDir({ prefix: "marmot-wordpress-" });
  const httpPort = options.httpPort ?? freePort();
  const url = `http://127.0.0.1:${httpPort}`;
  await prepareWordpressCopy(root, { ...options, url: options.pinUrl ? url : undefined });
  // setsid: php -S with workers forks children that outlive a signal to the parent alone,
  // so the server gets its own process group and `stop()` signals the whole group. The
  // shell around it ends the group when this test process dies without cleaning up (a
  // signal skips "unload" handlers).
  const child = new Deno.Command("setsid", {
    args: [
      "sh",
      "-c",
      WATCHDOG,
      "sh",
      String(Deno.pid),
      "php",
      // WordPress mails the admin on install and on new users; there is no MTA here.
      "-d",
      "sendmail_path=/bin/true",
      "-d",
      "memory_limit=256M",
      "-S",
      `127.0.0.1:${httpPort}`,
      "-t",
      root,
      `${root}/${ROUTER}`,
    ],
    cwd: root,
    // Several workers: WordPress makes loopback requests to itself (install's permalink
    // check, site health), which would deadlock a single-process server.
    env: { PHP_CLI_SERVER_WORKERS: "4" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const log = new LogBuffer(child.stdout, child.stderr);
  live.add(child.pid);
  const stop = async () => {
    _killGroup(child.pid, "SIGTERM");
    const timer = setTimeout(() => _killGroup(child.pid, "SIGKILL"), 5000);
    await child.status;
    await log.drained;
    clearTimeout(timer);
    live.delete(child.pid);
    if (ownDir) await Deno.remove(root, { recursive: true }).catch(() => {});
  };
  if (!await _waitForHttp(url, Date.now() + (options.timeoutMs ?? 15000), child)) {
    await stop();
    throw new Error(`php -S did not start on ${url}:\n${log.tail(30)}`);
  }
  const debugLogPath = `${root}/wp-content/debug.log`;
  return {
    url,
    httpPort,
    root,
    debugLog: () => {
      try {
        return Deno.readTextFileSync(debugLogPath);
      } catch {
        return "";
      }
    },
    serverLog: () => log.text(),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
