/**
 * The admin screens' classic forms and admin-ajax.php calls their JavaScript makes: adding
 * and deleting a tag on edit-tags.php, tag autocomplete, the media grid's attachment query
 * and the Heartbeat API.
 */
import assert from "node:assert/strict";
import { formFields, formSource, links, visibleText } from "../support/html.ts";
import type { PostRecord } from "../support/rest_types.ts";
import { need, type WpStep } from "../support/wordpress_suite.ts";

export const ajaxSteps: WpStep[] = [
  {
    name: "a tag is added and deleted through the edit-tags.php forms",
    async run(ctx) {
      const screen = await ctx.admin.get("/wp-admin/edit-tags.php?taxonomy=post_tag");
      const form = formSource(screen.body, /id="addtag"/);
      assert.ok(form, "no Add New Tag form");
      const added = await ctx.admin.post("/wp-admin/edit-tags.php?taxonomy=post_tag", {
        form: { ...formFields(form), "tag-name": "Classic Tag", slug: "", description: "old" },
      });
      assert.match(visibleText(added.body), /Tag added/);
      assert.match(visibleText(added.body), /Classic Tag/);
      // The row of the new tag: <tr id="tag-N" ...> ... Classic Tag ... </tr>.
      const row = added.body.split('<tr id="tag-').find((r) => r.includes("Classic Tag"));
      const tagId = /^(\d+)/.exec(row ?? "")?.[1];
      assert.ok(tagId, "no row for Classic Tag");
      const mine = links(added).find((l) =>
        l.includes("action=delete") && l.includes(`tag_ID=${tagId}&`)
      );
      assert.ok(mine, "no Delete link for Classic Tag");
      const after = await ctx.admin.get(mine);
      assert.match(visibleText(after.body), /Tag deleted/);
      assert.doesNotMatch(visibleText(after.body), /Classic Tag/);
    },
  },
  {
    name: "tag autocomplete finds tags by a prefix",
    async run(ctx) {
      const page = await ctx.admin.get(
        "/wp-admin/admin-ajax.php?action=ajax-tag-search&tax=post_tag&q=sql",
      );
      assert.equal(page.body.trim(), "sqlite");
      const upper = await ctx.admin.get(
        "/wp-admin/admin-ajax.php?action=ajax-tag-search&tax=post_tag&q=REPL",
      );
      assert.equal(upper.body.trim(), "Replication");
    },
  },
  {
    name: "the media grid's query-attachments call returns the uploaded image",
    async run(ctx) {
      const form = new URLSearchParams({
        action: "query-attachments",
        "query[orderby]": "date",
        "query[order]": "DESC",
        "query[posts_per_page]": "80",
        "query[paged]": "1",
        "query[post_mime_type]": "image",
      });
      const page = await ctx.admin.post("/wp-admin/admin-ajax.php", { form });
      const answer = JSON.parse(page.body) as { success: boolean; data: Array<{ title: string }> };
      assert.equal(answer.success, true);
      assert.deepEqual(answer.data.map((a) => a.title), ["marmot-photo"]);
    },
  },
  {
    name: "Heartbeat answers and reports post locks",
    async run(ctx) {
      const post = need<PostRecord[]>(ctx, "posts")[0]!;
      // Opening the editor takes the post lock (post meta _edit_lock).
      const editor = await ctx.admin.get(`/wp-admin/post.php?post=${post.id}&action=edit`);
      const nonce = /heartbeatSettings = \{"nonce":"([0-9a-f]+)"/.exec(editor.body);
      assert.ok(nonce, "no heartbeat nonce on the editor page");
      const form = new URLSearchParams({
        action: "heartbeat",
        _nonce: nonce[1]!,
        screen_id: "edit-post",
        interval: "60",
        has_focus: "false",
      });
      form.append("data[wp-check-locked-posts][]", `post-${post.id}`);
      const page = await ctx.admin.post("/wp-admin/admin-ajax.php", { form });
      const answer = JSON.parse(page.body) as Record<string, unknown>;
      assert.equal(typeof answer.server_time, "number", page.body.slice(0, 300));
    },
  },
];
