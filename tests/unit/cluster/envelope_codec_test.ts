import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import * as protoLoader from "@grpc/proto-loader";
import { decodeEnvelope, encodeEnvelope } from "../../../src/cluster/envelope_codec.ts";
import type { WireEnvelope } from "../../../src/cluster/proto.ts";

/** protobufjs's codec of the same messages, as proto-loader builds it. */
function protobufjsCodec() {
  const file = fileURLToPath(new URL("../../../proto/marmot.proto", import.meta.url));
  const definition = protoLoader.loadSync(file, {
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    arrays: true,
  });
  return (definition["marmot.v2.MarmotService"] as protoLoader.ServiceDefinition).Replicate!;
}

const SAMPLE: WireEnvelope = {
  frames: [
    {
      id: 1,
      kind: "prepare",
      body: Uint8Array.of(1, 2, 3),
      reply: false,
      error: "",
      error_code: 0,
      more: false,
    },
    {
      id: 2 ** 40 + 3,
      kind: "commit",
      body: new Uint8Array(300).fill(7),
      reply: false,
      error: "",
      error_code: 0,
      more: true,
    },
    {
      id: 300,
      kind: "",
      body: new Uint8Array(),
      reply: true,
      error: "",
      error_code: 0,
      more: false,
    },
    {
      id: 301,
      kind: "",
      body: new Uint8Array(),
      reply: true,
      error: "Deadlock ü",
      error_code: 1213,
      more: false,
    },
    {
      id: 0,
      kind: "",
      body: new Uint8Array(),
      reply: false,
      error: "",
      error_code: 0,
      more: false,
    },
  ],
};

function plain(envelope: WireEnvelope) {
  return envelope.frames.map((f) => ({ ...f, body: [...f.body] }));
}

Deno.test("envelope codec: protobufjs reads what it writes (defaults left out), field for field", () => {
  const reference = protobufjsCodec();
  const decoded = reference.requestDeserialize(encodeEnvelope(SAMPLE)) as WireEnvelope;
  assert.deepEqual(plain(decoded), plain(SAMPLE));
});

Deno.test("envelope codec: it reads what protobufjs writes (defaults included), bodies as plain Uint8Array views", () => {
  const reference = protobufjsCodec();
  const bytes = reference.requestSerialize(SAMPLE);
  const decoded = decodeEnvelope(bytes);
  assert.deepEqual(plain(decoded), plain(SAMPLE));
  assert.equal(decoded.frames[0]!.body.constructor, Uint8Array);
  assert.equal(decoded.frames[0]!.body.buffer, bytes.buffer, "no copy");
  assert.deepEqual(decodeEnvelope(encodeEnvelope({ frames: [] })), { frames: [] });
});

Deno.test("envelope codec: a truncated message is refused", () => {
  const bytes = encodeEnvelope(SAMPLE);
  assert.throws(() => decodeEnvelope(bytes.subarray(0, bytes.length - 3)), /Truncated Envelope/);
});
