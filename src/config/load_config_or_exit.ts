/**
 * What main.ts needs at the very start: `-help` and `-version` answered, and a config problem
 * shown as one clear line on stderr (exit code 2, as Go's flag package does) instead of an
 * uncaught exception with a stack trace.
 */
import { ConfigError } from "./config_error.ts";
import { parseFlags, usage } from "./flags.ts";
import { loadConfig, type LoadConfigOptions, type LoadedConfig } from "./load_config.ts";
import { VERSION } from "./version.ts";

/** Options for `loadConfigOrExit`; tests replace the exit and the output. */
export interface LoadConfigOrExitOptions extends LoadConfigOptions {
  exit?: (code: number) => never;
  print?: (text: string) => void;
  printError?: (text: string) => void;
}

/**
 * Loads the config, or prints usage / version / the config error and exits.
 * @example
 * const { config, warnings, flags } = await loadConfigOrExit(Deno.args);
 */
export async function loadConfigOrExit(
  args: string[],
  options: LoadConfigOrExitOptions = {},
): Promise<LoadedConfig> {
  const exit = options.exit ?? Deno.exit;
  const print = options.print ?? console.log;
  const printError = options.printError ?? console.error;
  try {
    const flags = parseFlags(args);
    if (flags.help) {
      print(usage());
      return exit(0);
    }
    if (flags.version) {
      print(`marmot ${VERSION} (deno ${Deno.version.deno})`);
      return exit(0);
    }
    return await loadConfig(args, options);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    printError(error.message);
    return exit(2);
  }
}
