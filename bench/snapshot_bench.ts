/**
 * The snapshot part of `deno task bench`: a database of BENCH_SNAPSHOT_MB (default 1024) MiB
 * on a real node process is restored onto a fresh data dir in this process (a peer of the
 * node, as a new node bootstraps: the description over the cluster's gRPC transport, the
 * bytes as a plain byte stream from the node's snapshot listener), compared with a plain `cp` of the same
 * file on this machine, in alternating rounds. Reports the export (the file frozen on the node), the transfer and
 * install (download, per-chunk and whole-file SHA-256, fsync, atomic rename), and the two
 * together, in MB/s and as ratios to `cp` and to `cp` + `sync`.
 *
 * Appends its section to bench/results/<date>-<host>.md (run after bench.ts; or to the file
 * BENCH_SNAPSHOT_OUT names) and prints it. BENCH_SNAPSHOT=0 skips it (bench/run.sh);
 * BENCH_SNAPSHOT_TRANSPORT=http ignores the stream offer (the bytes over HTTP from the admin
 * listener), =rpc both offers (the bytes by gRPC peer calls);
 * BENCH_SNAPSHOT_ROUNDS sets the rounds (default 3), BENCH_SNAPSHOT_IN_FLIGHT the chunks in
 * flight (default 4).
 */
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { createLogger } from "../src/config/logger.ts";
import { defaultConfig } from "../src/config/schema.ts";
import { restoreDatabaseFromPeer } from "../src/healing/snapshot_client.ts";
import { SNAPSHOT_INFO } from "../src/healing/snapshot_messages.ts";
import { encodeMessage } from "../src/storage/committed_txn.ts";
import { DatabaseRegistry } from "../src/storage/database_registry.ts";
import { startNode } from "../tests/helpers/start_node.ts";
import { FaultyRpc, rpcTo } from "../tests/unit/healing/snapshot_fixture.ts";

const MIB = 1024 * 1024;
const SECRET = "snapshot-bench";
const DATABASE = "bench";

/** One measurement. */
interface Phase {
  ms: number;
  mbPerS: number;
}

interface SnapshotBenchResult {
  /** How the bytes travelled. */
  transport: "the byte stream" | "HTTP" | "gRPC peer calls";
  bytes: number;
  rows: number;
  /** Rounds measured (each figure is the median). */
  rounds: number;
  inFlight: number;
  cp: Phase;
  cpSync: Phase;
  exportPhase: Phase;
  transfer: Phase;
  total: Phase;
  /** Of `transfer`: the install (the rest is the download). */
  installMs: number;
  /** CPU-seconds of the transfer and install (user + system). */
  nodeCpuS: number;
  pullerCpuS: number;
}

function _phase(bytes: number, ms: number): Phase {
  return { ms, mbPerS: bytes / MIB / (ms / 1000) };
}

/** Writes a database of about `mb` MiB: 1 KiB random rows with a secondary index. */
function _generate(path: string, mb: number): number {
  const db = new DatabaseSync(path);
  db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, v BLOB NOT NULL)");
  db.exec("CREATE INDEX t_k ON t (k)");
  const batch = db.prepare(
    "WITH RECURSIVE c(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM c WHERE i < ?) " +
      "INSERT INTO t SELECT i, abs(random()) % 1000000, randomblob(1000) FROM c",
  );
  let rows = 0;
  while (Deno.statSync(path).size < mb * MIB) {
    batch.run(rows + 1, rows + 20_000);
    rows += 20_000;
  }
  db.exec("PRAGMA journal_mode = WAL");
  db.close();
  return rows;
}

async function _run(cmd: string, args: string[]): Promise<void> {
  const out = await new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).output();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}

function _median(values: number[]): number {
  return values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

async function _timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** User and system CPU-seconds of a process so far (Linux /proc; zeros elsewhere). */
interface _Cpu {
  user: number;
  sys: number;
}

function _cpu(pid: number): _Cpu {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { user: Number(f[11]) / 100, sys: Number(f[12]) / 100 };
  } catch {
    return { user: 0, sys: 0 };
  }
}

/** CPU-seconds all processes used so far (Linux /proc/stat; 0 elsewhere). */
function _busy(): number {
  try {
    const f = Deno.readTextFileSync("/proc/stat").split("\n")[0]!.trim().split(/\s+/).slice(1)
      .map(Number);
    // user, nice, system, irq, softirq (USER_HZ is 100 on Linux)
    return (f[0]! + f[1]! + f[2]! + f[5]! + f[6]!) / 100;
  } catch {
    return 0;
  }
}

function _cpuSince(pid: number, before: _Cpu): _Cpu {
  const now = _cpu(pid);
  return { user: now.user - before.user, sys: now.sys - before.sys };
}

function _fmtCpu(c: _Cpu): string {
  return `${(c.user + c.sys).toFixed(2)} (${c.user.toFixed(2)} user + ${c.sys.toFixed(2)} sys)`;
}

/** One round: `cp` + `sync` of the file, then a restore from a freshly started node. */
interface _Round {
  cpMs: number;
  cpSyncMs: number;
  exportMs: number;
  transferMs: number;
  /** Of `transferMs`: the download (fetch, verify, fsync); the rest is the install. */
  downloadMs: number;
  /** CPU-seconds of the transfer and install: the serving node's, the puller's. */
  nodeCpu: _Cpu;
  pullerCpu: _Cpu;
  /** CPU-seconds of everything else meanwhile (other processes, kernel threads). */
  otherCpuS: number;
  bytes: number;
  transport: SnapshotBenchResult["transport"];
}

/**
 * Runs the measurement in a temp dir (removed afterwards): `rounds` rounds, each a `cp` +
 * `sync` of the file then a restore from a node started for that round (so no export or
 * hash is reused), and reports the medians. Alternating the two keeps them under the same
 * conditions: on this VM writing 1 GiB into new page-cache pages costs 0.3-1.8 s depending
 * on the moment, for `cp` as for the restore.
 */
export async function runSnapshotBench(
  mb: number,
  options: { transport?: "http" | "rpc"; rounds?: number; inFlight?: number } = {},
): Promise<SnapshotBenchResult> {
  const work = await Deno.makeTempDir({ prefix: "marmot-snapshot-bench-" });
  try {
    const nodeDir = join(work, "node");
    await Deno.mkdir(join(nodeDir, "databases"), { recursive: true });
    const source = join(nodeDir, "databases", `${DATABASE}.db`);
    const generated = performance.now();
    const rows = _generate(source, mb);
    await _run("sync", []);
    console.error(
      `bench: snapshot: generated ${(Deno.statSync(source).size / MIB).toFixed(0)} MiB ` +
        `(${rows} rows) in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
    );
    const rounds: _Round[] = [];
    for (let round = 0; round < (options.rounds ?? 3); round++) {
      const copy = join(work, "cp.db");
      const cpMs = await _timed(() => _run("cp", [source, copy]));
      const cpSyncMs = cpMs + await _timed(() => _run("sync", []));
      await Deno.remove(copy);
      await _run("sync", []);
      const restored = await _restoreOnce(nodeDir, join(work, `fresh-${round}`), rows, options);
      rounds.push({ cpMs, cpSyncMs, ...restored });
      console.error(
        `bench: snapshot: round ${round + 1}: cp + sync ${(cpSyncMs / 1000).toFixed(2)} s, ` +
          `export ${(restored.exportMs / 1000).toFixed(2)} s, ` +
          `transfer + install ${(restored.transferMs / 1000).toFixed(2)} s ` +
          `(install ${((restored.transferMs - restored.downloadMs) / 1000).toFixed(2)} s); ` +
          `CPU-s node ${_fmtCpu(restored.nodeCpu)}, puller ${_fmtCpu(restored.pullerCpu)}, ` +
          `everything else ${restored.otherCpuS.toFixed(2)}`,
      );
    }
    const bytes = rounds[0]!.bytes;
    const median = (pick: (r: _Round) => number) => _median(rounds.map(pick));
    return {
      transport: rounds[0]!.transport,
      bytes,
      rows,
      rounds: rounds.length,
      inFlight: options.inFlight ?? 4,
      cp: _phase(bytes, median((r) => r.cpMs)),
      cpSync: _phase(bytes, median((r) => r.cpSyncMs)),
      exportPhase: _phase(bytes, median((r) => r.exportMs)),
      transfer: _phase(bytes, median((r) => r.transferMs)),
      total: _phase(bytes, median((r) => r.exportMs + r.transferMs)),
      installMs: median((r) => r.transferMs - r.downloadMs),
      nodeCpuS: median((r) => r.nodeCpu.user + r.nodeCpu.sys),
      pullerCpuS: median((r) => r.pullerCpu.user + r.pullerCpu.sys),
    };
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
}

/** Starts a node on `nodeDir` and restores its database into `freshDir` (removed after). */
async function _restoreOnce(
  nodeDir: string,
  freshDir: string,
  rows: number,
  options: { transport?: "http" | "rpc"; inFlight?: number },
): Promise<Omit<_Round, "cpMs" | "cpSyncMs">> {
  await using node = await startNode({
    dataDir: nodeDir,
    nodeId: 1,
    env: { MARMOT_CLUSTER_SECRET: SECRET },
    timeoutMs: 120_000,
  });
  const peer = rpcTo(`127.0.0.1:${node.grpcPort}`, { peerNodeId: 1, secret: SECRET });
  const registry = new DatabaseRegistry(freshDir, {
    connection: {},
    lock: { timeoutMs: 60_000, maxWaiters: 10 },
  });
  try {
    // The export alone (the restore below shares it: exports are reused for 30 s).
    const exportMs = await _timed(() =>
      peer.rpc.call(1, SNAPSHOT_INFO, encodeMessage({ database: DATABASE }), 600_000)
    );
    let downloadMs = NaN;
    let streamFailed = false;
    const logger = createLogger(defaultConfig().logging, {
      destination: {
        write: (line) => {
          const fields = JSON.parse(line);
          if (typeof fields.downloadMs === "number") downloadMs = fields.downloadMs;
          if (String(fields.msg).startsWith("Snapshot over the stream failed")) {
            streamFailed = true;
          }
        },
      },
    });
    const rpc = new FaultyRpc(peer.rpc);
    rpc.onInfo = (info) => {
      if (options.transport !== undefined) delete info.stream;
      if (options.transport === "rpc") delete info.http;
    };
    const nodeBefore = _cpu(node.pid);
    const pullerBefore = _cpu(Deno.pid);
    const busyBefore = _busy();
    const restored = await restoreDatabaseFromPeer(
      { rpc, registry, dataDir: freshDir, logger, secret: SECRET },
      1,
      DATABASE,
      { timeoutMs: 600_000, inFlight: options.inFlight },
    );
    const nodeCpu = _cpuSince(node.pid, nodeBefore);
    const pullerCpu = _cpuSince(Deno.pid, pullerBefore);
    const otherCpuS = _busy() - busyBefore - nodeCpu.user - nodeCpu.sys - pullerCpu.user -
      pullerCpu.sys;
    const count = registry.get(DATABASE).reader.db.prepare("SELECT count(*) AS n FROM t")
      .get() as { n: number };
    if (Number(count.n) !== rows) {
      throw new Error(`Restored ${count.n} rows of ${rows}`);
    }
    return {
      exportMs,
      transferMs: restored.ms,
      downloadMs,
      nodeCpu,
      pullerCpu,
      otherCpuS,
      bytes: restored.bytes,
      transport: rpc.offsets.length > 0
        ? "gRPC peer calls"
        : streamFailed || options.transport === "http"
        ? "HTTP"
        : "the byte stream",
    };
  } finally {
    registry.close();
    peer.close();
    await Deno.remove(freshDir, { recursive: true }).catch(() => {});
  }
}

/** The report section. */
export function formatSnapshotSection(r: SnapshotBenchResult): string {
  const row = (what: string, p: Phase, vsCp: boolean) =>
    `| ${what} | ${(p.ms / 1000).toFixed(2)} | ${p.mbPerS.toFixed(0)} | ` +
    `${vsCp ? (p.mbPerS / r.cp.mbPerS).toFixed(2) : ""} | ` +
    `${vsCp ? (p.mbPerS / r.cpSync.mbPerS).toFixed(2) : ""} |`;
  return [
    "## Snapshot transfer",
    "",
    `A ${(r.bytes / MIB).toFixed(0)} MiB database (${r.rows} rows of 1 KiB, one secondary ` +
    "index) restored from a node process onto a fresh data dir in the benchmark process, " +
    `the bytes over ${r.transport} (4 MiB chunks, ${r.inFlight} in flight), against \`cp\` of the same ` +
    `file on this machine. Median of ${r.rounds} rounds, each a \`cp\` + \`sync\` then a ` +
    "restore from a node started for it (no export reused). Ratio = MB/s / cp's MB/s " +
    "(target: at least 0.5).",
    "",
    "| step | s | MB/s | ratio to cp | ratio to cp + sync |",
    "| --- | ---: | ---: | ---: | ---: |",
    row("cp (no fsync)", r.cp, false),
    row("cp + sync", r.cpSync, false),
    row("export on the node (checkpoint, pinned read transaction)", r.exportPhase, true),
    row("transfer + verify + fsync + install", r.transfer, true),
    row("**snapshot, end to end**", r.total, true),
    "",
    `Of the transfer, the install: ${(r.installMs / 1000).toFixed(2)} s. CPU-seconds of ` +
    `the transfer and install: serving node ${r.nodeCpuS.toFixed(2)}, puller ` +
    `${r.pullerCpuS.toFixed(2)} (2 cores here, shared by both).`,
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const mb = Number(Deno.env.get("BENCH_SNAPSHOT_MB") ?? "1024");
  if (!Number.isInteger(mb) || mb < 1) {
    throw new Error("BENCH_SNAPSHOT_MB must be a positive integer");
  }
  const chosen = Deno.env.get("BENCH_SNAPSHOT_TRANSPORT");
  const transport = chosen === "http" || chosen === "rpc" ? chosen : undefined;
  console.error(`bench: snapshot: ${mb} MiB database${transport ? `, bytes by ${transport}` : ""}`);
  const rounds = Number(Deno.env.get("BENCH_SNAPSHOT_ROUNDS") ?? "3");
  const inFlight = Number(Deno.env.get("BENCH_SNAPSHOT_IN_FLIGHT") ?? "4");
  const section = formatSnapshotSection(
    await runSnapshotBench(mb, { transport, rounds, inFlight }),
  );
  const date = new Date().toISOString().slice(0, 10);
  const path = Deno.env.get("BENCH_SNAPSHOT_OUT") ??
    new URL(`./results/${date}-${Deno.hostname()}.md`, import.meta.url).pathname;
  await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
  await Deno.writeTextFile(path, "\n" + section, { append: true });
  console.log(section);
  console.error(`bench: snapshot section appended to ${path}`);
}

if (import.meta.main) await main();
