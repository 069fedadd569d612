/**
 * Command-line flags with the reference's names. Accepts Go's spellings: `-flag value`,
 * `-flag=value`, `--flag value`, `--flag=value`, and a bare `-daemon` for booleans.
 * Zero ports and node ids mean "no override", as in the reference.
 */
import { ConfigError } from "./config_error.ts";
import { VERSION } from "./version.ts";

/** What the command line asked for; absent fields leave the config as it is. */
export interface Flags {
  config?: string;
  dataDir?: string;
  nodeId?: number;
  grpcPort?: number;
  mysqlPort?: number;
  adminPort?: number;
  followAddresses?: string[];
  seedNodes?: string[];
  daemon: boolean;
  pidFile?: string;
  help: boolean;
  version: boolean;
}

type FlagKind = "string" | "port" | "nodeId" | "list" | "bool";

interface FlagSpec {
  kind: FlagKind;
  key: keyof Flags;
  help: string;
}

const FLAGS: ReadonlyMap<string, FlagSpec> = new Map(Object.entries(
  {
    config: {
      kind: "string",
      key: "config",
      help: "TOML config file (default: config.toml if present, else the embedded defaults)",
    },
    "data-dir": { kind: "string", key: "dataDir", help: "data directory (overrides data_dir)" },
    "node-id": {
      kind: "nodeId",
      key: "nodeId",
      help: "node id (overrides node_id; 0 = derive from machine)",
    },
    "grpc-port": {
      kind: "port",
      key: "grpcPort",
      help: "peer RPC port (overrides [cluster] grpc_port)",
    },
    "mysql-port": { kind: "port", key: "mysqlPort", help: "MySQL port (overrides [mysql] port)" },
    "admin-port": {
      kind: "port",
      key: "adminPort",
      help: "admin HTTP API and /metrics port (overrides [admin] port)",
    },
    "follow-addresses": {
      kind: "list",
      key: "followAddresses",
      help: "comma list (overrides [replica] follow_addresses)",
    },
    "seed-nodes": {
      kind: "list",
      key: "seedNodes",
      help: "comma list of host:port (overrides [cluster] seed_nodes)",
    },
    daemon: {
      kind: "bool",
      key: "daemon",
      help: "run in the background; prints the pid and exits",
    },
    "pid-file": {
      kind: "string",
      key: "pidFile",
      help: "write the pid here; refuse to start if it names a live process",
    },
    h: { kind: "bool", key: "help", help: "show this help" },
    help: { kind: "bool", key: "help", help: "show this help" },
    version: { kind: "bool", key: "version", help: "print the version and exit" },
  } satisfies Record<string, FlagSpec>,
));

/** The text `-help` prints. */
export function usage(): string {
  const lines = [
    `Marmot for Deno ${VERSION}: a MySQL-compatible server on SQLite`,
    "",
    "Usage: marmot [flags]",
    "",
  ];
  for (const [name, spec] of FLAGS) {
    if (name === "h") continue;
    const arg = spec.kind === "bool" ? "" : spec.kind === "string" ? " <path>" : " <value>";
    lines.push(`  -${(name + arg).padEnd(24)} ${spec.help}`);
  }
  lines.push("", "Environment: MARMOT_CLUSTER_SECRET, MARMOT_REPLICA_SECRET override the secrets.");
  return lines.join("\n");
}

function _integer(name: string, value: string, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > max) {
    throw new ConfigError(
      `Invalid flag: -${name} must be an integer between 0 and ${max}, got ${
        JSON.stringify(value)
      }`,
    );
  }
  return n;
}

function _bool(name: string, value: string): boolean {
  if (["true", "1", "t", "TRUE", "True"].includes(value)) return true;
  if (["false", "0", "f", "FALSE", "False"].includes(value)) return false;
  throw new ConfigError(
    `Invalid flag: -${name} must be true or false, got ${JSON.stringify(value)}`,
  );
}

function _setValue(flags: Flags, name: string, spec: FlagSpec, value: string): void {
  const out = flags as unknown as Record<string, unknown>;
  switch (spec.kind) {
    case "string":
      out[spec.key] = value;
      break;
    case "port":
      out[spec.key] = _integer(name, value, 65535) || undefined;
      break;
    case "nodeId":
      out[spec.key] = _integer(name, value, 0xffff_ffff) || undefined;
      break;
    case "list": {
      const list = value.split(",").map((s) => s.trim()).filter((s) => s !== "");
      out[spec.key] = list.length > 0 ? list : undefined;
      break;
    }
    case "bool":
      out[spec.key] = _bool(name, value);
      break;
  }
}

/**
 * Parses the command line.
 * @throws {ConfigError} on an unknown flag, a missing value, a bad number or a stray argument
 */
export function parseFlags(args: readonly string[]): Flags {
  const flags: Flags = { daemon: false, help: false, version: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      if (i + 1 < args.length) throw new ConfigError(`Unexpected argument: ${args[i + 1]}`);
      break;
    }
    const match = /^--?([^=-][^=]*)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      throw new ConfigError(`Unexpected argument: ${arg} (flags start with -, see -help)`);
    }
    const name = match[1]!;
    const spec = FLAGS.get(name);
    if (!spec) throw new ConfigError(`Unknown flag: ${arg} (see -help)`);
    let value = match[2];
    if (value === undefined && spec.kind !== "bool") {
      value = args[++i];
      if (value === undefined) throw new ConfigError(`Missing value for flag -${name}`);
    }
    _setValue(flags, name, spec, value ?? "true");
  }
  return flags;
}
