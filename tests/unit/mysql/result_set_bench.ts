/**
 * CPU cost of encoding a 100-row result of sysbench's `c` (CHAR(120)) in the binary protocol,
 * as oltp_read_only's range selects return it. Run: `deno bench -A tests/unit/mysql/`.
 */
import { PacketChannel } from "../../../src/mysql/packet_channel.ts";
import { writeResultSet } from "../../../src/mysql/result_writer.ts";
import { SBTEST_C_COLUMN } from "./sbtest_column.ts";

const column = SBTEST_C_COLUMN;
const rows = Array.from({ length: 100 }, (_, i) => [
  `${i}`.padStart(11, "0") + "-12345678901".repeat(9) + "-1234567",
]);
const sink = {
  read: () => Promise.resolve(null),
  write: (p: Uint8Array) => Promise.resolve(p.length),
  close() {},
};
const channel = new PacketChannel(sink, 1 << 24);

Deno.bench("100-row binary result set of CHAR(120)", async () => {
  channel.writer.sequenceId = 1;
  await writeResultSet(channel, { kind: "rows", columns: [column], rows, warnings: 0 }, {
    deprecateEof: true,
    binary: true,
    statusFlags: 2,
  });
  channel.writer.reset();
});
