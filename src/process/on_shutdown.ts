/**
 * Graceful stop on SIGTERM / SIGINT: the first signal runs the handler once, then the process
 * exits (0, or 1 if the handler threw); a second signal while it runs exits at once with
 * 128 + signal number, for an operator who does not want to wait for the drain.
 */

const SIGNALS: ReadonlyArray<{ name: Deno.Signal; code: number }> = [
  { name: "SIGTERM", code: 143 },
  { name: "SIGINT", code: 130 },
];

/** Options for `onShutdown`; tests replace the exit. */
export interface OnShutdownOptions {
  exit?: (code: number) => void;
  /** Called with the handler's error before exiting with 1. */
  onError?: (error: unknown) => void;
}

/** Installs the handler; returns a function that removes the signal listeners again. */
export function onShutdown(
  handler: (signal: Deno.Signal) => Promise<void> | void,
  options: OnShutdownOptions = {},
): () => void {
  const exit = options.exit ?? Deno.exit;
  let started = false;
  const listeners = SIGNALS.map(({ name, code }) => {
    const listener = (): void => {
      if (started) {
        exit(code);
        return;
      }
      started = true;
      Promise.resolve()
        .then(() => handler(name))
        .then(() => exit(0), (error) => {
          (options.onError ?? ((e) => console.error("Shutdown failed:", e)))(error);
          exit(1);
        });
    };
    Deno.addSignalListener(name, listener);
    return { name, listener };
  });
  return () => {
    for (const { name, listener } of listeners) Deno.removeSignalListener(name, listener);
  };
}
