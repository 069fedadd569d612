/**
 * What counts as "WordPress broke": a database error printed in a page or logged, a PHP
 * fatal error, an uncaught exception, a failed database connection, or a PHP warning that
 * is not one of the few WordPress 6.1 gives on PHP 8.2 whatever the database.
 */
import { visibleText } from "./html.ts";

/** Text in a response body that means the request failed on the server. */
const PAGE_PROBLEMS: RegExp[] = [
  /WordPress database error/i,
  /Error establishing a database connection/i,
  /There has been a critical error on this website/i,
  /(?:<b>)?(?:Fatal error|Parse error)(?:<\/b>)?:/i,
  /Uncaught (?:Error|Exception|TypeError|mysqli_sql_exception)/i,
];

/**
 * PHP messages that WordPress 6.1 prints on PHP 8.2 against MariaDB too: they say nothing
 * about the database, so they are not counted. Each was seen in a run against MariaDB.
 */
const KNOWN_HARMLESS: RegExp[] = [
  // install.php reads two variables it never sets (WordPress bug, fixed in 6.2).
  /Undefined variable \$upload(?:_url)?_path in .*wp-admin\/install\.php/,
  // Translations and update checks are blocked by WP_HTTP_BLOCK_EXTERNAL.
  /An unexpected error occurred\. Something may be wrong with WordPress\.org/,
  // The consequence of earlier output: a PHP 8.2 deprecation notice printed by WordPress's
  // bundled libraries (Text_Diff's dynamic properties). Earlier output that is a real
  // problem (a database error, a warning) is reported by itself.
  /Cannot modify header information - headers already sent/,
];

/** PHP warnings and notices displayed in a page (WP_DEBUG_DISPLAY), minus the harmless. */
function _displayedWarnings(body: string): string[] {
  const found: string[] = [];
  for (const m of body.matchAll(/<b>(?:Warning|Notice)<\/b>:([\s\S]*?)on line <b>\d+<\/b>/gi)) {
    const text = visibleText(m[0]);
    if (!KNOWN_HARMLESS.some((re) => re.test(text))) found.push(text.slice(0, 700));
  }
  return found;
}

/** Problems found in one response: status 500 or an error message in the body. */
export function pageProblems(status: number, body: string): string[] {
  const problems: string[] = [];
  if (status >= 500) problems.push(`HTTP ${status}`);
  for (const re of PAGE_PROBLEMS) {
    const m = re.exec(body);
    if (!m) continue;
    const from = Math.max(0, m.index - 40);
    problems.push(visibleText(body.slice(from, m.index + 900)).slice(0, 700));
  }
  return [...problems, ..._displayedWarnings(body)];
}

/** Lines of a PHP or WordPress debug log that are problems (continuation lines joined). */
export function logProblems(log: string): string[] {
  const entries: string[] = [];
  for (const line of log.split("\n")) {
    // A log entry starts with "[26-Nov-2026 12:08:16 UTC] "; others continue the previous.
    if (/^\[\d{2}-\w{3}-\d{4} [\d:]+ [A-Z+0-9]+\] /.test(line) || entries.length === 0) {
      entries.push(line);
    } else {
      entries[entries.length - 1] += "\n" + line;
    }
  }
  return entries.filter((e) =>
    /WordPress database error|PHP (?:Fatal error|Parse error|Warning|Notice|Recoverable)|Uncaught|mysqli/i
      .test(e) && !KNOWN_HARMLESS.some((re) => re.test(e))
  ).map((e) => e.slice(0, 1500));
}

/** Lines of `php -S` output that are problems: 5xx responses and PHP errors. */
export function serverLogProblems(log: string): string[] {
  return log.split("\n").filter((line) =>
    /\[5\d\d\]: /.test(line) ||
    (/PHP (?:Fatal error|Parse error|Warning|Notice)|WordPress database error/.test(line) &&
      !KNOWN_HARMLESS.some((re) => re.test(line)))
  );
}
