/**
 * Writing: categories, tags and posts through the REST API the block editor uses, then
 * editing (REST and the classic post.php form), revisions, autosave, Quick Draft, Quick
 * Edit, trash and permanent delete through the admin screens.
 */
import assert from "node:assert/strict";
import { formFields, formSource, links, visibleText } from "../support/html.ts";
import type { PostRecord, RestPost, RestTerm } from "../support/rest_types.ts";
import { need, type WpContext, type WpStep } from "../support/wordpress_suite.ts";

/** How many dated posts the flow writes (more than one page of 10 on the front end). */
export const POST_COUNT = 12;
/** A word only post 7 contains, for the search steps. */
export const SEARCH_WORD = "zanzibar";

/** A REST call as the logged-in administrator, with the editor's nonce. */
export function adminRest<T>(
  ctx: WpContext,
  method: string,
  route: string,
  json?: unknown,
): Promise<T> {
  return ctx.admin.rest<T>(method, route, { json, nonce: need<string>(ctx, "restNonce") });
}

function _title(i: number): string {
  return `Marmot post ${String(i).padStart(2, "0")}`;
}

/** The values of the hidden Quick Edit block of post `id` on edit.php. */
function _inlineData(html: string, id: number): Record<string, string> {
  const start = html.indexOf(`id="inline_${id}"`);
  assert.ok(start >= 0, `no inline edit data for post ${id}`);
  const block = html.slice(start, html.indexOf("</div>\n</div>", start) + 6);
  const out: Record<string, string> = {};
  for (const m of block.matchAll(/<div class="([a-z_]+)"[^>]*>([^<]*)<\/div>/g)) {
    out[m[1] ?? ""] = m[2] ?? "";
  }
  return out;
}

async function _postInTrashList(ctx: WpContext, title: string): Promise<boolean> {
  const page = await ctx.admin.get("/wp-admin/edit.php?post_status=trash&post_type=post");
  return visibleText(page.body).includes(title);
}

export const contentSteps: WpStep[] = [
  {
    name: "categories (one nested) and tags are created through the REST API",
    async run(ctx) {
      const news = await adminRest<RestTerm>(ctx, "POST", "/wp/v2/categories", {
        name: "Marmot News",
        description: "News about marmots",
      });
      const dbs = await adminRest<RestTerm>(ctx, "POST", "/wp/v2/categories", {
        name: "Databases",
        parent: news.id,
      });
      const sqlite = await adminRest<RestTerm>(ctx, "POST", "/wp/v2/tags", { name: "sqlite" });
      const repl = await adminRest<RestTerm>(ctx, "POST", "/wp/v2/tags", { name: "Replication" });
      assert.equal(repl.slug, "replication");
      ctx.state.set("terms", { news, dbs, sqlite, repl });
      const page = await ctx.admin.get("/wp-admin/edit-tags.php?taxonomy=category");
      assert.match(visibleText(page.body), /— Databases/);
    },
  },
  {
    name: `${POST_COUNT} dated posts with categories and tags are published`,
    async run(ctx) {
      const t = need<Record<string, RestTerm>>(ctx, "terms");
      const posts: PostRecord[] = [];
      for (let i = 1; i <= POST_COUNT; i++) {
        const month = `2024-${String(i).padStart(2, "0")}`;
        const extra = i === 7 ? ` Marmots whistle in ${SEARCH_WORD} too.` : "";
        const post = await adminRest<RestPost>(ctx, "POST", "/wp/v2/posts", {
          title: _title(i),
          content: `<!-- wp:paragraph --><p>Body of marmot post ${i}.${extra}</p>` +
            "<!-- /wp:paragraph -->",
          excerpt: `Excerpt ${i}`,
          status: "publish",
          date: `${month}-15T10:${String(i).padStart(2, "0")}:00`,
          categories: i % 2 === 0 ? [t.news!.id, t.dbs!.id] : [t.news!.id],
          tags: [...(i % 3 === 0 ? [t.sqlite!.id] : []), ...(i === 5 ? [t.repl!.id] : [])],
        });
        assert.equal(post.status, "publish");
        posts.push({ id: post.id, title: _title(i), link: post.link, month });
      }
      ctx.state.set("posts", posts);
      const sqlite = await adminRest<RestTerm>(ctx, "GET", `/wp/v2/tags/${t.sqlite!.id}`);
      assert.equal(sqlite.count, 4, "sqlite tag count");
    },
  },
  {
    name: "a page, a private post and a draft are created",
    async run(ctx) {
      const page = await adminRest<RestPost>(ctx, "POST", "/wp/v2/pages", {
        title: "About Marmot",
        content: "<!-- wp:paragraph --><p>Marmot is a replicated SQLite.</p><!-- /wp:paragraph -->",
        status: "publish",
      });
      ctx.state.set("aboutPage", page);
      await adminRest(ctx, "POST", "/wp/v2/posts", {
        title: "Secret marmot memo",
        content: "private",
        status: "private",
      });
      await adminRest(ctx, "POST", "/wp/v2/posts", {
        title: "Unfinished marmot draft",
        content: "draft",
        status: "draft",
      });
      const list = await ctx.admin.get("/wp-admin/edit.php?post_status=draft&post_type=post");
      assert.match(visibleText(list.body), /Unfinished marmot draft/);
    },
  },
  {
    name: "a post edited through REST and through the post.php form has revisions",
    async run(ctx) {
      const post = need<PostRecord[]>(ctx, "posts")[2]!;
      await adminRest(ctx, "POST", `/wp/v2/posts/${post.id}`, {
        content: "<!-- wp:paragraph --><p>Body of marmot post 3, edited once.</p>" +
          "<!-- /wp:paragraph -->",
      });
      // The block editor page carries the classic form's nonce in its meta-box form.
      const editor = await ctx.admin.get(`/wp-admin/post.php?post=${post.id}&action=edit`);
      const form = formSource(editor.body, /class="metabox-base-form"/);
      assert.ok(form, "no metabox-base-form on the editor page");
      const newTitle = `${post.title} (edited)`;
      await ctx.admin.post("/wp-admin/post.php", {
        form: {
          ...formFields(form),
          post_title: newTitle,
          content: "<!-- wp:paragraph --><p>Body of marmot post 3, edited twice.</p>" +
            "<!-- /wp:paragraph -->",
          post_status: "publish",
        },
      });
      post.title = newTitle;
      const fresh = await adminRest<RestPost>(ctx, "GET", `/wp/v2/posts/${post.id}?context=edit`);
      assert.equal(fresh.title.raw, newTitle);
      assert.match(fresh.content.raw ?? "", /edited twice/);
      const revisions = await adminRest<RestPost[]>(
        ctx,
        "GET",
        `/wp/v2/posts/${post.id}/revisions`,
      );
      assert.ok(revisions.length >= 2, `only ${revisions.length} revision(s)`);
      const screen = await ctx.admin.get(`/wp-admin/revision.php?revision=${revisions[0]!.id}`);
      assert.match(visibleText(screen.body), /Compare Revisions/);
    },
  },
  {
    name: "an autosave of a published post is stored and read back",
    async run(ctx) {
      const post = need<PostRecord[]>(ctx, "posts")[3]!;
      const saved = await adminRest<RestPost>(ctx, "POST", `/wp/v2/posts/${post.id}/autosaves`, {
        title: post.title,
        content: "Autosaved words about marmots",
      });
      assert.equal(saved.parent, post.id);
      const autosaves = await adminRest<RestPost[]>(
        ctx,
        "GET",
        `/wp/v2/posts/${post.id}/autosaves`,
      );
      assert.equal(autosaves.length, 1);
      assert.match(autosaves[0]!.content.rendered, /Autosaved words/);
      const live = await adminRest<RestPost>(ctx, "GET", `/wp/v2/posts/${post.id}`);
      assert.doesNotMatch(live.content.rendered, /Autosaved words/, "autosave changed the post");
    },
  },
  {
    name: "Quick Draft on the dashboard saves a draft",
    async run(ctx) {
      const dashboard = await ctx.admin.get("/wp-admin/index.php");
      const form = formSource(dashboard.body, /id="quick-press"/);
      assert.ok(form, "no Quick Draft form on the dashboard");
      await ctx.admin.post("/wp-admin/post.php", {
        form: { ...formFields(form), post_title: "Quick marmot idea", content: "Jot it down" },
      });
      const drafts = await ctx.admin.get("/wp-admin/edit.php?post_status=draft&post_type=post");
      assert.match(visibleText(drafts.body), /Quick marmot idea/);
    },
  },
  {
    name: "Quick Edit on the posts screen renames a post and adds a tag",
    async run(ctx) {
      const post = need<PostRecord[]>(ctx, "posts")[10]!;
      const list = await ctx.admin.get("/wp-admin/edit.php");
      const nonce = /id="_inline_edit" name="_inline_edit" value="([0-9a-f]+)"/.exec(list.body);
      assert.ok(nonce, "no Quick Edit nonce on edit.php");
      const d = _inlineData(list.body, post.id);
      const title = `${post.title} (quick edited)`;
      const form = new URLSearchParams({
        action: "inline-save",
        _inline_edit: nonce[1]!,
        post_ID: String(post.id),
        post_type: "post",
        post_title: title,
        post_name: d.post_name ?? "",
        mm: d.mm ?? "",
        jj: d.jj ?? "",
        aa: d.aa ?? "",
        hh: d.hh ?? "",
        mn: d.mn ?? "",
        ss: d.ss ?? "",
        _status: "publish",
        post_author: d.post_author ?? "1",
        comment_status: "open",
        ping_status: "open",
        "tax_input[post_tag]": "quickedit",
        screen: "edit-post",
        post_view: "list",
      });
      const terms = need<Record<string, RestTerm>>(ctx, "terms");
      form.append("post_category[]", String(terms.news!.id));
      const row = await ctx.admin.post("/wp-admin/admin-ajax.php", { form });
      assert.match(visibleText(row.body), /quick edited/);
      post.title = title;
      const fresh = await adminRest<RestPost>(ctx, "GET", `/wp/v2/posts/${post.id}`);
      assert.equal(fresh.tags?.length, 1);
    },
  },
  {
    name: "a post is trashed and deleted permanently through the admin links",
    async run(ctx) {
      const doomed = await adminRest<RestPost>(ctx, "POST", "/wp/v2/posts", {
        title: "Doomed marmot post",
        status: "publish",
      });
      const list = await ctx.admin.get("/wp-admin/edit.php");
      const trash = links(list).find((l) =>
        l.includes(`post=${doomed.id}&`) && l.includes("action=trash")
      );
      assert.ok(trash, "no Trash link for the post");
      await ctx.admin.get(trash);
      assert.ok(await _postInTrashList(ctx, "Doomed marmot post"), "not in the trash list");
      const trashPage = await ctx.admin.get("/wp-admin/edit.php?post_status=trash&post_type=post");
      const del = links(trashPage).find((l) =>
        l.includes(`post=${doomed.id}&`) && l.includes("action=delete")
      );
      assert.ok(del, "no Delete Permanently link");
      await ctx.admin.get(del);
      assert.ok(!await _postInTrashList(ctx, "Doomed marmot post"), "still in the trash");
      const gone = await ctx.admin.get(`/?rest_route=/wp/v2/posts/${doomed.id}`, {
        allowStatus: [404],
      });
      assert.equal(gone.status, 404);
    },
  },
  {
    name: "a post is trashed and then force-deleted through the REST API",
    async run(ctx) {
      const doomed = await adminRest<RestPost>(ctx, "POST", "/wp/v2/posts", {
        title: "Another doomed post",
        status: "publish",
      });
      const trashed = await adminRest<RestPost>(ctx, "DELETE", `/wp/v2/posts/${doomed.id}`);
      assert.equal(trashed.status, "trash");
      const deleted = await adminRest<{ deleted: boolean }>(
        ctx,
        "DELETE",
        `/wp/v2/posts/${doomed.id}?force=true`,
      );
      assert.equal(deleted.deleted, true);
    },
  },
];
