/** A configuration or command-line problem that stops the start; the message names the key. */
export class ConfigError extends Error {
  /** Each problem on its own, e.g. `mysql.port must be an integer between 1 and 65535, got "abc"`. */
  readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[] = [message]) {
    super(message);
    this.name = "ConfigError";
    this.problems = problems;
  }

  /** One error carrying every problem found while loading the config. */
  static invalid(problems: readonly string[]): ConfigError {
    return new ConfigError(`Invalid config: ${problems.join("; ")}`, problems);
  }
}
