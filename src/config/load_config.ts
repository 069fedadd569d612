/**
 * Loads the configuration in the reference's order (§1.4): TOML over the defaults, then
 * command-line overrides, then environment secrets, then the derived node id and lazy
 * defaults, then validation. Every problem found is reported at once.
 */
import { resolve } from "node:path";
import { parse, TomlError } from "smol-toml";
import type { Config } from "./config.ts";
import { ConfigError } from "./config_error.ts";
import { DEFAULT_CONFIG_TOML } from "./default_config.ts";
import type { DecodeContext } from "./field.ts";
import { type Flags, parseFlags } from "./flags.ts";
import { deriveNodeId } from "./node_id.ts";
import { CONFIG_SCHEMA, OBSOLETE_KEYS } from "./schema.ts";
import { applyLazyDefaults, validateConfig } from "./validate_config.ts";

/** Where the file is looked for when `-config` is not given (as in the reference). */
export const IMPLICIT_CONFIG_FILE = "config.toml";

/** Inputs that default to the real process; tests pass their own. */
export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** Base for relative paths (config file, data_dir); default the working directory. */
  cwd?: string;
  /** Used for the derived node id; default read from /etc/machine-id. */
  machineId?: string;
  /** Used for the default advertise address; default `Deno.hostname()`. */
  hostname?: string;
}

/** A usable config, what was odd about it, and where it came from. */
export interface LoadedConfig {
  config: Config;
  /** Unknown keys, a missing config file: for main to log. */
  warnings: string[];
  flags: Flags;
  /** Absolute path of the file read, or null when the embedded defaults were used. */
  configFile: string | null;
}

/**
 * Decodes TOML text over the defaults without flags, env or validation.
 * @throws {ConfigError} on a TOML syntax error or a key of the wrong type
 */
export function decodeConfig(text: string, source: string): { config: Config; warnings: string[] } {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split("\n")[0]!.replace(/^Invalid TOML document: /, "");
    throw new ConfigError(
      `Invalid config: cannot parse ${source}: ${reason} (line ${error.line}, column ${error.column})`,
    );
  }
  const ctx: DecodeContext = { warnings: [], errors: [], obsolete: OBSOLETE_KEYS };
  const config = CONFIG_SCHEMA.decode(raw, "", ctx);
  if (ctx.errors.length > 0 || config === undefined) throw ConfigError.invalid(ctx.errors);
  return { config, warnings: ctx.warnings };
}

async function _readConfigText(
  flags: Flags,
  cwd: string,
  warnings: string[],
): Promise<{ text: string; file: string | null }> {
  const path = resolve(cwd, flags.config ?? IMPLICIT_CONFIG_FILE);
  try {
    return { text: await Deno.readTextFile(path), file: path };
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(`Cannot read config file ${path}: ${reason}`);
    }
    // Only an explicit -config that is missing is worth a warning: running without any
    // file is the normal way to start with the embedded defaults.
    if (flags.config !== undefined) {
      warnings.push(`Config file not found: ${path}; using the embedded defaults`);
    }
    return { text: DEFAULT_CONFIG_TOML, file: null };
  }
}

function _applyOverrides(config: Config, flags: Flags, env: LoadConfigOptions["env"] = {}): void {
  if (flags.dataDir !== undefined && flags.dataDir !== "") config.data_dir = flags.dataDir;
  if (flags.nodeId !== undefined) config.node_id = flags.nodeId;
  if (flags.grpcPort !== undefined) config.cluster.grpc_port = flags.grpcPort;
  if (flags.mysqlPort !== undefined) config.mysql.port = flags.mysqlPort;
  if (flags.adminPort !== undefined) config.admin.port = flags.adminPort;
  if (flags.followAddresses !== undefined) config.replica.follow_addresses = flags.followAddresses;
  if (flags.seedNodes !== undefined) config.cluster.seed_nodes = flags.seedNodes;
  const clusterSecret = env["MARMOT_CLUSTER_SECRET"];
  if (clusterSecret) config.cluster.cluster_secret = clusterSecret;
  const replicaSecret = env["MARMOT_REPLICA_SECRET"];
  if (replicaSecret) config.replica.secret = replicaSecret;
}

/**
 * Parses flags, reads the config file (or the embedded defaults), applies overrides and
 * validates. Does not create the data directory.
 * @throws {ConfigError} naming the flag or key at fault
 * @example
 * const { config, warnings } = await loadConfig(Deno.args);
 */
export async function loadConfig(
  args: string[],
  options: LoadConfigOptions = {},
): Promise<LoadedConfig> {
  const flags = parseFlags(args);
  const cwd = options.cwd ?? Deno.cwd();
  const warnings: string[] = [];
  const { text, file } = await _readConfigText(flags, cwd, warnings);
  const decoded = decodeConfig(text, file ?? "the embedded default config");
  warnings.push(...decoded.warnings);
  const config = decoded.config;
  _applyOverrides(config, flags, options.env ?? Deno.env.toObject());
  if (config.data_dir.trim() !== "") config.data_dir = resolve(cwd, config.data_dir);
  if (config.node_id === 0) {
    config.node_id = deriveNodeId(config.data_dir, { machineId: options.machineId });
  }
  applyLazyDefaults(config, { hostname: options.hostname ?? Deno.hostname() });
  const problems = validateConfig(config);
  if (problems.length > 0) throw ConfigError.invalid(problems);
  return { config, warnings, flags, configFile: file };
}
