/**
 * Several users at once: PHP's server runs 4 workers, each with its own MySQL connection, so
 * readers and writers reach the node concurrently (lock waits must not turn into errors).
 * And one large post, as pasted from a long document.
 */
import assert from "node:assert/strict";
import { visibleText } from "../support/html.ts";
import type { PostRecord, RestPost } from "../support/rest_types.ts";
import { need, type WpStep } from "../support/wordpress_suite.ts";
import { adminRest, SEARCH_WORD } from "./content_steps.ts";

export const loadSteps: WpStep[] = [
  {
    name: "visitors read while the administrator writes, all at once",
    async run(ctx) {
      const posts = need<PostRecord[]>(ctx, "posts");
      const reads = [
        "/",
        "/?paged=2",
        `/?s=${SEARCH_WORD}`,
        "/?m=202405",
        "/?feed=rss2",
        posts[0]!.link,
        posts[5]!.link,
        "/?rest_route=/wp/v2/posts",
      ].flatMap((path) => [path, path]);
      const writes = [1, 2, 3, 4, 5, 6].map((i) =>
        adminRest<RestPost>(ctx, "POST", "/wp/v2/posts", {
          title: `Concurrent marmot ${i}`,
          content: `Written at the same time as the others (${i}).`,
          status: "draft",
        })
      );
      const comments = [1, 2, 3].map((i) =>
        adminRest(ctx, "POST", "/wp/v2/comments", {
          post: posts[1]!.id,
          content: `Concurrent comment ${i}`,
        })
      );
      const results = await Promise.allSettled([
        ...reads.map((p) => ctx.visitor.get(p)),
        ...writes,
        ...comments,
      ]);
      const failures = results.flatMap((r) =>
        r.status === "rejected" ? [(r.reason as Error).message.slice(0, 500)] : []
      );
      assert.deepEqual(failures, []);
      const drafts = await ctx.admin.get(
        "/wp-admin/edit.php?post_status=draft&post_type=post&s=Concurrent",
      );
      const text = visibleText(drafts.body);
      for (let i = 1; i <= 6; i++) assert.match(text, new RegExp(`Concurrent marmot ${i}`));
    },
  },
  {
    name: "a 1 MB post is saved and shown whole",
    async run(ctx) {
      const paragraph = "Marmots hibernate for up to eight months of the year. ".repeat(20);
      const body = Array.from({ length: 1000 }, (_, i) => `<p>${i}: ${paragraph}</p>`).join("\n");
      assert.ok(body.length > 1_000_000);
      const post = await adminRest<RestPost>(ctx, "POST", "/wp/v2/posts", {
        title: "A very long marmot essay",
        content: `${body}\n<p>The end of the essay.</p>`,
        status: "publish",
      });
      const back = await adminRest<RestPost>(ctx, "GET", `/wp/v2/posts/${post.id}?context=edit`);
      assert.equal(back.content.raw?.length, body.length + "\n<p>The end of the essay.</p>".length);
      const page = await ctx.visitor.get(post.link);
      assert.match(page.body, /The end of the essay\./);
    },
  },
];
