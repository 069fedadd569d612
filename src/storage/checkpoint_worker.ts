/**
 * Worker thread of `WalCheckpointer`: runs PASSIVE checkpoints of one database file on a
 * connection of its own, so copying WAL pages into the file and the fsyncs around it happen
 * off the event loop. A PASSIVE checkpoint takes no lock writers or readers wait for: it
 * copies the frames no open reader still needs and stops there.
 *
 * Messages: `CheckpointRequest` in, `CheckpointReply` out, one request at a time, after
 * `ready`.
 */
import { DatabaseSync } from "node:sqlite";
import { pathToFileURL } from "node:url";

export type CheckpointRequest =
  | { type: "checkpoint"; path: string; synchronous: "normal" | "full" }
  /** Closes the connection (after the checkpoint running, if any), then the worker. */
  | { type: "close" };

/** What `PRAGMA wal_checkpoint` answered: frames in the WAL and frames now in the file
 * (both -1 when busy: another checkpoint was running). */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export type CheckpointReply =
  /** Sent once the module has loaded. */
  | { type: "ready" }
  | ({ type: "done" } & CheckpointResult)
  | { type: "error"; message: string }
  | { type: "closed" };

/** The worker's global scope (typed by hand: this module is type-checked with the main
 * thread's, which import its message types). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<CheckpointRequest>) => void) | null;
  postMessage(reply: CheckpointReply): void;
  close(): void;
}

const scope = self as unknown as WorkerScope;
let db: DatabaseSync | null = null;

scope.onmessage = (event: MessageEvent<CheckpointRequest>) => {
  const request = event.data;
  if (request.type === "close") {
    db?.close();
    db = null;
    scope.postMessage({ type: "closed" } satisfies CheckpointReply);
    scope.close();
    return;
  }
  try {
    db ??= _open(request.path, request.synchronous);
    const r = db.prepare("PRAGMA wal_checkpoint(PASSIVE)").get() as unknown as CheckpointResult;
    scope.postMessage(
      {
        type: "done",
        busy: r.busy,
        log: r.log,
        checkpointed: r.checkpointed,
      } satisfies CheckpointReply,
    );
  } catch (err) {
    scope.postMessage({ type: "error", message: String(err) } satisfies CheckpointReply);
  }
};
scope.postMessage({ type: "ready" } satisfies CheckpointReply);

/** Opens the file without ever creating it (a database dropped meanwhile stays gone); the
 * checkpoint's fsyncs follow `synchronous` as on every connection of the file. */
function _open(path: string, synchronous: "normal" | "full"): DatabaseSync {
  const url = pathToFileURL(path);
  url.searchParams.set("mode", "rw");
  const conn = new DatabaseSync(url);
  conn.exec(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
  return conn;
}
