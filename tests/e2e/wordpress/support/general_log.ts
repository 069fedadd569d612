/**
 * Reads MariaDB's general query log: one entry per command a client sent, where a `Query`
 * argument may span many lines (WordPress's CREATE TABLE statements do).
 *
 *     261126 12:30:01	      5 Connect	root@localhost as anonymous on
 *     		      5 Query	SELECT ...
 *     	ID bigint(20) unsigned NOT NULL auto_increment,      <- continuation
 */

/** One logged command. */
export interface LogEntry {
  thread: number;
  command: string;
  argument: string;
}

const COMMANDS = new Set([
  "Connect",
  "Quit",
  "Query",
  "Init DB",
  "Field List",
  "Prepare",
  "Execute",
  "Close stmt",
  "Reset stmt",
  "Change user",
  "Statistics",
  "Ping",
  "Set option",
  "Long Data",
  "Fetch",
  "Refresh",
  "Processlist",
  "Kill",
  "Debug",
  "Shutdown",
  "Binlog Dump",
]);

const ENTRY = /^(?:\d{6}\s+\d{1,2}:\d{2}:\d{2})?\t\s*(\d+) ([A-Z][a-z]+(?: [A-Za-z]+)?)\t(.*)$/;

/** Splits the log text into entries (header lines before the first entry are skipped). */
export function parseGeneralLog(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const line of text.split("\n")) {
    const m = ENTRY.exec(line);
    if (m && COMMANDS.has(m[2] ?? "")) {
      entries.push({ thread: Number(m[1]), command: m[2]!, argument: m[3] ?? "" });
    } else if (entries.length > 0) {
      entries[entries.length - 1]!.argument += "\n" + line;
    }
  }
  // The last entry of the file ends with the file's final newline.
  for (const e of entries) e.argument = e.argument.replace(/\n+$/, "");
  return entries;
}

/**
 * The distinct `Query` statements of the threads that are WordPress's, in first-seen order.
 * WordPress's first statement on a connection is mysqli's `SET NAMES utf8mb4`; the other
 * threads (the mariadb CLI creating the database, readiness checks) are left out.
 */
export function wordpressStatements(entries: LogEntry[]): string[] {
  const wpThreads = new Set<number>();
  const seenQuery = new Set<number>();
  for (const e of entries) {
    if (e.command !== "Query" || seenQuery.has(e.thread)) continue;
    seenQuery.add(e.thread);
    if (/^SET NAMES\b/i.test(e.argument.trim())) wpThreads.add(e.thread);
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of entries) {
    if (e.command !== "Query" || !wpThreads.has(e.thread)) continue;
    const sql = e.argument.trim();
    if (sql === "" || seen.has(sql)) continue;
    seen.add(sql);
    out.push(sql);
  }
  return out;
}
