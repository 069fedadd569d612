/** Process control: daemon mode, pid file, graceful shutdown on signals. */
export {
  argsWithoutDaemon,
  reportReady,
  runAsDaemon,
  type RunAsDaemonOptions,
  selfCommand,
} from "./daemon.ts";
export { onShutdown, type OnShutdownOptions } from "./on_shutdown.ts";
export { isProcessAlive, readPidFile, writePidFile } from "./pid_file.ts";
