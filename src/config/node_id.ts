/**
 * Derives a stable node id when the config says 0. The reference hashes only the machine id,
 * so two nodes on one machine (a local test cluster) would collide; we hash the machine id
 * together with the absolute data directory, which is stable across restarts of one node
 * and different for each node of a local cluster.
 */

const MACHINE_ID_FILES = ["/etc/machine-id", "/var/lib/dbus/machine-id"];

/** Options for `deriveNodeId`; tests pass a fixed machine id. */
export interface DeriveNodeIdOptions {
  machineId?: string;
}

/** The machine's id: systemd's machine-id, else D-Bus's, else the host name. */
export function readMachineId(): string {
  for (const path of MACHINE_ID_FILES) {
    try {
      const id = Deno.readTextFileSync(path).trim();
      if (id !== "") return id;
    } catch {
      // Not readable here (containers often lack it): try the next source.
    }
  }
  return `host:${Deno.hostname()}`;
}

/** FNV-1a, 32 bits, over UTF-8 bytes. */
function _fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * A node id in 1..2^31-1 from the machine id and the absolute data directory; positive
 * 31-bit so it fits every integer column and encoding the rest of the code might use.
 */
export function deriveNodeId(absoluteDataDir: string, options: DeriveNodeIdOptions = {}): number {
  const machineId = options.machineId ?? readMachineId();
  const id = _fnv1a32(`marmot\0${machineId}\0${absoluteDataDir}`) & 0x7fff_ffff;
  return id === 0 ? 1 : id;
}
