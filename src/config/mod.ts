/** Configuration, flags and logging: the bottom layer every other folder may import. */
export type * from "./config.ts";
export { ConfigError } from "./config_error.ts";
export { DEFAULT_CONFIG_TOML } from "./default_config.ts";
export { type Flags, parseFlags, usage } from "./flags.ts";
export {
  decodeConfig,
  IMPLICIT_CONFIG_FILE,
  loadConfig,
  type LoadConfigOptions,
  type LoadedConfig,
} from "./load_config.ts";
export { loadConfigOrExit, type LoadConfigOrExitOptions } from "./load_config_or_exit.ts";
export { createLogger, type CreateLoggerOptions, type Logger } from "./logger.ts";
export { deriveNodeId } from "./node_id.ts";
export { defaultConfig, MAX_NODE_ID } from "./schema.ts";
export { VERSION } from "./version.ts";
