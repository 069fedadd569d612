/**
 * XML-RPC (xmlrpc.php), as blog editors and apps use it: posts with terms and custom fields
 * created, read, edited twice (revisions), commented and deleted; users and options read.
 */
import assert from "node:assert/strict";
import { Browser } from "../support/browser.ts";
import { xmlrpcCall, XmlRpcFault, type XmlRpcValue } from "../support/xmlrpc.ts";
import { need, type WpContext, type WpStep } from "../support/wordpress_suite.ts";
import { ADMIN, SITE_TITLE } from "./install_steps.ts";

type Struct = Record<string, XmlRpcValue>;

function _client(ctx: WpContext) {
  const browser = new Browser(ctx.site.url);
  return (method: string, ...params: XmlRpcValue[]) =>
    xmlrpcCall(browser, method, [1, ADMIN.user, ADMIN.password, ...params]);
}

export const xmlrpcSteps: WpStep[] = [
  {
    name: "XML-RPC lists the blog and refuses a wrong password",
    async run(ctx) {
      const browser = new Browser(ctx.site.url);
      const blogs = await xmlrpcCall(browser, "wp.getUsersBlogs", [ADMIN.user, ADMIN.password]);
      assert.equal((blogs as Struct[])[0]?.blogName, SITE_TITLE);
      await assert.rejects(
        xmlrpcCall(browser, "wp.getUsersBlogs", [ADMIN.user, "wrong"]),
        (e) => e instanceof XmlRpcFault && e.code === 403,
      );
    },
  },
  {
    name: "wp.newPost creates a post with categories, new tags and a custom field",
    async run(ctx) {
      const call = _client(ctx);
      const id = await call("wp.newPost", {
        post_title: "Posted over XML-RPC",
        post_content: "Remote marmot writing.",
        post_status: "publish",
        comment_status: "open",
        post_date: new Date("2023-06-01T08:00:00Z"),
        terms_names: { category: ["Marmot News"], post_tag: ["xmlrpc", "remote"] },
        custom_fields: [{ key: "mood", value: "cheerful" }],
      });
      const post = await call("wp.getPost", String(id)) as Struct;
      assert.equal(post.post_title, "Posted over XML-RPC");
      const terms = (post.terms as Struct[]).map((t) => `${t.taxonomy}:${t.name}`).sort();
      assert.deepEqual(terms, ["category:Marmot News", "post_tag:remote", "post_tag:xmlrpc"]);
      const fields = post.custom_fields as Struct[];
      assert.ok(fields.some((f) => f.key === "mood" && f.value === "cheerful"), "no custom field");
      ctx.state.set("xmlrpcPost", String(id));
    },
  },
  {
    name: "wp.editPost twice leaves revisions, and wp.getPosts lists the post",
    async run(ctx) {
      const call = _client(ctx);
      const id = need<string>(ctx, "xmlrpcPost");
      assert.equal(await call("wp.editPost", id, { post_content: "Edited once remotely." }), true);
      assert.equal(
        await call("wp.editPost", id, {
          post_title: "Posted over XML-RPC (edited)",
          post_content: "Edited twice remotely.",
        }),
        true,
      );
      const revisions = await call("wp.getRevisions", id) as Struct[];
      assert.ok(revisions.length >= 2, `${revisions.length} revisions`);
      const posts = await call("wp.getPosts", { post_type: "post", number: 100 }) as Struct[];
      assert.ok(posts.some((p) => p.post_title === "Posted over XML-RPC (edited)"));
      const tagged = await call("wp.getTerms", "post_tag", { search: "xml" }) as Struct[];
      assert.deepEqual(tagged.map((t) => t.name), ["xmlrpc"]);
    },
  },
  {
    name: "wp.newComment comments on the post and wp.getComments reads it back",
    async run(ctx) {
      const call = _client(ctx);
      const id = need<string>(ctx, "xmlrpcPost");
      await call("wp.newComment", Number(id), { content: "A remote comment." });
      const comments = await call("wp.getComments", { post_id: Number(id) }) as Struct[];
      assert.equal(comments.length, 1);
      assert.equal(comments[0]?.content, "A remote comment.");
      const counts = await call("wp.getCommentCount", Number(id)) as Struct;
      assert.equal(Number(counts.approved), 1);
    },
  },
  {
    name: "users, profile and options are read over XML-RPC",
    async run(ctx) {
      const call = _client(ctx);
      const users = await call("wp.getUsers", {}) as Struct[];
      assert.ok(users.some((u) => u.username === "editor1"), "editor1 missing");
      const profile = await call("wp.getProfile") as Struct;
      assert.equal(profile.username, ADMIN.user);
      const options = await call("wp.getOptions", ["blog_title", "time_zone"]) as Struct;
      assert.equal((options.blog_title as Struct).value, SITE_TITLE);
    },
  },
  {
    name: "wp.deletePost moves the post to the trash",
    async run(ctx) {
      const call = _client(ctx);
      const id = need<string>(ctx, "xmlrpcPost");
      assert.equal(await call("wp.deletePost", id), true);
      const post = await call("wp.getPost", id) as Struct;
      assert.equal(post.post_status, "trash");
    },
  },
];
