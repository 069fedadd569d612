/** Just enough HTML reading for scraping WordPress pages: form fields, links, text. */

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  hellip: "…",
  rsaquo: "›",
  lsaquo: "‹",
  raquo: "»",
  laquo: "«",
  ndash: "–",
  mdash: "—",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
};

/** Decodes named and numeric character references. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X"
        ? parseInt(ref.slice(2), 16)
        : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** The visible text of a page: tags, scripts and styles removed, entities decoded. */
export function visibleText(html: string): string {
  const stripped = html
    .replace(/<script\b[\s\S]*?<\/script>/gi, " ")
    .replace(/<style\b[\s\S]*?<\/style>/gi, " ")
    .replace(/<[^>]+>/g, " ");
  return decodeEntities(stripped).replace(/\s+/g, " ").trim();
}

/** The attributes of one tag's source (`<input name="a" value="b">`), names lower-cased. */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  // Skip the tag name.
  const body = tag.replace(/^<\s*[a-zA-Z0-9]+/, "").replace(/\/?>$/, "");
  for (const m of body.matchAll(re)) {
    const name = (m[1] ?? "").toLowerCase();
    out[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

/** The source of the first `<form>` whose opening tag matches `opening` (id, action...). */
export function formSource(html: string, opening: RegExp): string | undefined {
  for (const m of html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)) {
    const tag = m[0].slice(0, m[0].indexOf(">") + 1);
    if (opening.test(tag)) return m[0];
  }
  return undefined;
}

/**
 * Name/value pairs of the `<input>`s (text, hidden, checked boxes), `<textarea>`s and
 * selected `<option>`s in `html`: what a browser would submit for an untouched form.
 */
export function formFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const a = attributes(m[0]);
    if (!a.name || a.disabled !== undefined) continue;
    const type = (a.type ?? "text").toLowerCase();
    if (["submit", "button", "image", "reset", "file"].includes(type)) continue;
    if ((type === "checkbox" || type === "radio") && a.checked === undefined) continue;
    fields[a.name] = a.value ?? (type === "checkbox" ? "on" : "");
  }
  for (const m of html.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
    const a = attributes(`<textarea ${m[1]}>`);
    if (a.name) fields[a.name] = decodeEntities(m[2] ?? "");
  }
  for (const m of html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
    const a = attributes(`<select ${m[1]}>`);
    if (!a.name) continue;
    const options = [...(m[2] ?? "").matchAll(/<option\b[^>]*>/gi)].map((o) => attributes(o[0]));
    const chosen = options.find((o) => o.selected !== undefined) ?? options[0];
    if (chosen) fields[a.name] = chosen.value ?? "";
  }
  return fields;
}

/** The `href`s of every link in a page, entities decoded, made absolute against its URL. */
export function links(page: { body: string; url: string }): string[] {
  return [...page.body.matchAll(/<a\b[^>]*\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)]
    .map((m) => {
      const href = decodeEntities(m[1] ?? m[2] ?? "");
      try {
        return new URL(href, page.url).toString();
      } catch {
        return href;
      }
    });
}
