/**
 * A node process for the install crash tests: writes a few commits into `shop` (they sit in
 * the WAL), installs the snapshot file and is SIGKILLed at `point` ("before-rename": just
 * before the rename; "after-install": once the install returned, nothing closed).
 * Usage: deno run -A snapshot_install_child.ts <dataDir> <snapshotFile> <point>
 */
import { installSnapshot } from "../../../src/healing/snapshot_install.ts";
import { DatabaseRegistry } from "../../../src/storage/database_registry.ts";
import { fill, quietLogger, REGISTRY_OPTIONS } from "./snapshot_fixture.ts";

const [dataDir, file, point] = Deno.args as [string, string, string];
const registry = new DatabaseRegistry(dataDir, REGISTRY_OPTIONS);
fill(registry.get("shop"), 50, { firstId: 100_000, node: 2 });
const crash = () => Deno.kill(Deno.pid, "SIGKILL");
await installSnapshot(registry, "shop", file, {
  logger: quietLogger(),
  beforeRename: point === "before-rename" ? crash : undefined,
});
crash();
