/**
 * A small XML-RPC client for WordPress's xmlrpc.php (what mobile apps and blog editors
 * use): encodes calls, decodes responses and faults. Enough of the XML-RPC spec for
 * WordPress's API: int, boolean, string, double, dateTime.iso8601, base64, array, struct.
 */
import type { Browser } from "./browser.ts";
import { decodeEntities } from "./html.ts";

/** An XML-RPC value. */
export type XmlRpcValue =
  | string
  | number
  | boolean
  | Date
  | Uint8Array
  | XmlRpcValue[]
  | { [key: string]: XmlRpcValue };

/** A fault answered by the server. */
export class XmlRpcFault extends Error {
  constructor(readonly code: number, readonly faultString: string) {
    super(`XML-RPC fault ${code}: ${faultString}`);
  }
}

function _escape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function _base64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** The `<value>` element for `v`. */
export function encodeValue(v: XmlRpcValue): string {
  if (typeof v === "string") return `<value><string>${_escape(v)}</string></value>`;
  if (typeof v === "boolean") return `<value><boolean>${v ? 1 : 0}</boolean></value>`;
  if (typeof v === "number") {
    return Number.isInteger(v)
      ? `<value><int>${v}</int></value>`
      : `<value><double>${v}</double></value>`;
  }
  if (v instanceof Date) {
    const iso = v.toISOString().replace(/[-]/g, "").replace(/\.\d{3}Z$/, "");
    return `<value><dateTime.iso8601>${iso}</dateTime.iso8601></value>`;
  }
  if (v instanceof Uint8Array) return `<value><base64>${_base64(v)}</base64></value>`;
  if (Array.isArray(v)) {
    return `<value><array><data>${v.map(encodeValue).join("")}</data></array></value>`;
  }
  const members = Object.entries(v).map(([k, x]) =>
    `<member><name>${_escape(k)}</name>${encodeValue(x)}</member>`
  );
  return `<value><struct>${members.join("")}</struct></value>`;
}

/** A methodCall document. */
export function encodeCall(method: string, params: XmlRpcValue[]): string {
  const ps = params.map((p) => `<param>${encodeValue(p)}</param>`).join("");
  return `<?xml version="1.0"?><methodCall><methodName>${method}</methodName>` +
    `<params>${ps}</params></methodCall>`;
}

/** Reads XML-RPC values from a response by walking its tags. */
class _Reader {
  #tokens: string[];
  #i = 0;

  constructor(xml: string) {
    this.#tokens = xml.replace(/<\?xml[^>]*\?>/, "").split(/(<[^>]+>)/).filter((t) =>
      t.trim() !== ""
    );
  }

  #next(): string {
    const t = this.#tokens[this.#i++];
    if (t === undefined) throw new Error("XML-RPC response ended early");
    return t;
  }

  #expect(tag: string): void {
    const t = this.#next();
    if (t.replace(/\s/g, "") !== tag) {
      throw new Error(`XML-RPC response: expected ${tag}, got ${t}`);
    }
  }

  /** Skips tokens up to and including `tag`. */
  seek(tag: string): void {
    while (this.#next() !== tag);
  }

  peek(): string | undefined {
    return this.#tokens[this.#i];
  }

  value(): XmlRpcValue {
    this.#expect("<value>");
    let t = this.#next();
    // A bare <value>text</value> is a string.
    if (!t.startsWith("<")) {
      this.#expect("</value>");
      return decodeEntities(t);
    }
    if (t === "</value>") return "";
    const tag = t.slice(1, -1).replace(/\/$/, "");
    let out: XmlRpcValue;
    if (t.endsWith("/>")) {
      out = tag === "array" ? [] : tag === "struct" ? {} : "";
    } else if (tag === "array") {
      const items: XmlRpcValue[] = [];
      this.#expect("<data>");
      while (this.peek() === "<value>") items.push(this.value());
      this.#expect("</data>");
      this.#expect("</array>");
      out = items;
    } else if (tag === "struct") {
      const obj: Record<string, XmlRpcValue> = {};
      while (this.peek() === "<member>") {
        this.#next();
        this.#expect("<name>");
        const name = decodeEntities(this.#next());
        this.#expect("</name>");
        obj[name] = this.value();
        this.#expect("</member>");
      }
      this.#expect("</struct>");
      out = obj;
    } else {
      t = this.#next();
      let text = "";
      if (t !== `</${tag}>`) {
        text = decodeEntities(t);
        this.#expect(`</${tag}>`);
      }
      if (tag === "int" || tag === "i4" || tag === "double") out = Number(text);
      else if (tag === "boolean") out = text.trim() === "1";
      else out = text;
    }
    this.#expect("</value>");
    return out;
  }
}

/** Decodes a methodResponse; throws `XmlRpcFault` for a fault. */
export function decodeResponse(xml: string): XmlRpcValue {
  const reader = new _Reader(xml);
  if (/<fault>/.test(xml)) {
    reader.seek("<fault>");
    const fault = reader.value() as Record<string, XmlRpcValue>;
    throw new XmlRpcFault(Number(fault.faultCode), String(fault.faultString));
  }
  reader.seek("<param>");
  return reader.value();
}

/** Calls `method` on the site's xmlrpc.php. */
export async function xmlrpcCall(
  browser: Browser,
  method: string,
  params: XmlRpcValue[],
): Promise<XmlRpcValue> {
  const page = await browser.post("/xmlrpc.php", {
    bytes: { data: new TextEncoder().encode(encodeCall(method, params)), type: "text/xml" },
  });
  return decodeResponse(page.body);
}
