/**
 * The pid file of `-pid-file`: written at start, removed at a clean exit, and a guard against
 * starting twice on the same files: a pid file naming a live process stops the start.
 */
import { dirname } from "node:path";

/** Whether a process with this pid exists (Linux: /proc; elsewhere `kill -0`). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    if (Deno.build.os === "linux") return false;
  }
  const { success } = new Deno.Command("kill", { args: ["-0", String(pid)], stderr: "null" })
    .outputSync();
  return success;
}

/** The pid recorded in a pid file, or null when the file is absent or holds no pid. */
export function readPidFile(path: string): number | null {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Writes this process's pid to `path` (replacing a stale file) and returns a function that
 * removes it if it still names this process. The file is also removed on `Deno.exit`.
 * @throws {Error} when the file names another live process
 */
export function writePidFile(path: string, options: { pid?: number } = {}): () => void {
  const pid = options.pid ?? Deno.pid;
  const existing = readPidFile(path);
  if (existing !== null && existing !== pid && isProcessAlive(existing)) {
    throw new Error(
      `Cannot start: pid file ${path} names process ${existing}, which is running ` +
        "(stop it, or remove the file if that process is not Marmot)",
    );
  }
  Deno.mkdirSync(dirname(path), { recursive: true });
  // Write then rename, so a reader never sees a half-written pid.
  const temp = `${path}.${pid}.tmp`;
  Deno.writeTextFileSync(temp, `${pid}\n`);
  Deno.renameSync(temp, path);

  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    globalThis.removeEventListener("unload", remove);
    try {
      if (readPidFile(path) === pid) Deno.removeSync(path);
    } catch {
      // Already gone or unreadable: nothing left to clean up.
    }
  };
  globalThis.addEventListener("unload", remove);
  return remove;
}
