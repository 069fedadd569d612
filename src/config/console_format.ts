/**
 * The human log format (`[logging] format = "console"`): one line per record,
 * `2025-01-02T03:04:05.678Z INFO  message key=value ...`, and an error's stack indented below.
 * It reformats pino's JSON lines, so the JSON format stays the one code path that logs.
 */

const LEVEL_NAMES: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};

// pino adds these to every record; the console line shows time, level and message itself.
const HIDDEN = new Set(["level", "time", "pid", "hostname", "msg"]);

function _showValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s="]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** Formats one pino JSON line as a console line (with a trailing newline). */
export function formatConsoleLine(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine);
  } catch {
    return jsonLine.endsWith("\n") ? jsonLine : `${jsonLine}\n`;
  }
  const time = typeof record.time === "number" ? new Date(record.time).toISOString() : "-";
  const level = LEVEL_NAMES[Number(record.level)] ?? String(record.level);
  const parts = [time, level.padEnd(5), String(record.msg ?? "")];
  let stack = "";
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN.has(key)) continue;
    const err = value as { stack?: unknown; message?: unknown } | null;
    if (key === "err" && err !== null && typeof err === "object") {
      parts.push(`err=${_showValue(err.message)}`);
      if (typeof err.stack === "string") stack = `\n    ${err.stack.replaceAll("\n", "\n    ")}`;
      continue;
    }
    parts.push(`${key}=${_showValue(value)}`);
  }
  return `${parts.join(" ")}${stack}\n`;
}
