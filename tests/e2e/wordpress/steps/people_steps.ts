/**
 * People: users created, edited (user meta) and deleted through the Users screens, a second
 * user logging in, and comments posted through wp-comments-post.php and moderated.
 */
import assert from "node:assert/strict";
import { Browser } from "../support/browser.ts";
import { formFields, formSource, links, visibleText } from "../support/html.ts";
import type { PostRecord, RestUser } from "../support/rest_types.ts";
import { need, type WpContext, type WpStep } from "../support/wordpress_suite.ts";
import { adminRest } from "./content_steps.ts";
import { logIn } from "./install_steps.ts";

/** The editor account the flow creates. */
export const EDITOR = { user: "editor1", password: "Editor-pass-123", email: "ed@example.com" };

/** Creates a user through user-new.php; returns the new user's id. */
async function _addUser(
  ctx: WpContext,
  user: { user: string; password: string; email: string },
  role: string,
): Promise<number> {
  const page = await ctx.admin.get("/wp-admin/user-new.php");
  const form = formSource(page.body, /id="createuser"/);
  assert.ok(form, "no createuser form on user-new.php");
  const fields = formFields(form);
  delete fields.send_user_notification;
  const done = await ctx.admin.post("/wp-admin/user-new.php", {
    form: {
      ...fields,
      user_login: user.user,
      email: user.email,
      first_name: "Ed",
      last_name: "Itor",
      url: "https://example.com/ed",
      pass1: user.password,
      pass2: user.password,
      pw_weak: "on",
      role,
    },
  });
  const id = /[?&]id=(\d+)/.exec(done.url);
  assert.ok(id, `user-new.php did not redirect to the new user: ${done.url}`);
  assert.match(visibleText(done.body), /New user created/);
  return Number(id[1]);
}

/** The post page's comment form fields (TT3's comments block). */
async function _commentForm(browser: Browser, link: string): Promise<Record<string, string>> {
  const page = await browser.get(link);
  const form = formSource(page.body, /id="commentform"/);
  assert.ok(form, `no comment form on ${link}`);
  return formFields(form);
}

export const peopleSteps: WpStep[] = [
  {
    name: "a new editor is added through user-new.php and listed on users.php",
    async run(ctx) {
      const id = await _addUser(ctx, EDITOR, "editor");
      ctx.state.set("editorId", id);
      const list = await ctx.admin.get("/wp-admin/users.php");
      const text = visibleText(list.body);
      assert.match(text, new RegExp(EDITOR.user));
      assert.match(text, /Editor \(1\)/);
    },
  },
  {
    name: "the editor's profile (user meta) is edited on user-edit.php",
    async run(ctx) {
      const id = need<number>(ctx, "editorId");
      const page = await ctx.admin.get(`/wp-admin/user-edit.php?user_id=${id}`);
      const form = formSource(page.body, /id="your-profile"/);
      assert.ok(form, "no profile form");
      const done = await ctx.admin.post(`/wp-admin/user-edit.php?user_id=${id}`, {
        form: {
          ...formFields(form),
          first_name: "Edwina",
          description: "Writes about marmots.",
          display_name: EDITOR.user,
        },
      });
      assert.match(visibleText(done.body), /User updated/);
      const user = await adminRest<RestUser>(ctx, "GET", `/wp/v2/users/${id}?context=edit`);
      assert.equal(user.first_name, "Edwina");
      assert.equal(user.description, "Writes about marmots.");
      assert.deepEqual(user.roles, ["editor"]);
    },
  },
  {
    name: "the editor logs in and opens the dashboard and the posts list",
    async run(ctx) {
      const editor = new Browser(ctx.site.url);
      const page = await logIn(editor, EDITOR.user, EDITOR.password);
      assert.match(visibleText(page.body), /Dashboard/);
      const posts = await editor.get("/wp-admin/edit.php");
      assert.match(visibleText(posts.body), /Marmot post 12/);
      const profile = await editor.get("/wp-admin/profile.php");
      assert.match(profile.body, /Writes about marmots\./);
    },
  },
  {
    name: "a user is deleted through the users.php confirmation form",
    async run(ctx) {
      const id = await _addUser(
        ctx,
        { user: "shortlived", password: "Short-pass-123", email: "short@example.com" },
        "subscriber",
      );
      const list = await ctx.admin.get("/wp-admin/users.php");
      const link = links(list).find((l) =>
        l.includes("action=delete") && l.includes(`user=${id}&`)
      );
      assert.ok(link, "no Delete link for the user");
      const confirm = await ctx.admin.get(link);
      const form = formSource(confirm.body, /name="updateusers"/);
      assert.ok(form, "no delete confirmation form");
      const done = await ctx.admin.post("/wp-admin/users.php", {
        form: { ...formFields(form), delete_option: "delete" },
      });
      assert.match(visibleText(done.body), /User deleted/);
      assert.doesNotMatch(visibleText(done.body), /shortlived/);
    },
  },
  {
    name: "a visitor's comment waits for moderation and shows once approved",
    async run(ctx) {
      const post = need<PostRecord[]>(ctx, "posts")[0]!;
      const fields = await _commentForm(ctx.visitor, post.link);
      const text = "Marmots are great, says a visitor.";
      const pending = await ctx.visitor.post("/wp-comments-post.php", {
        form: { ...fields, author: "Vera Visitor", email: "vera@example.com", comment: text },
      });
      const id = /#comment-(\d+)/.exec(pending.url) ?? /unapproved=(\d+)/.exec(pending.url);
      assert.ok(id, `no comment id in ${pending.url}`);
      assert.match(visibleText(pending.body), /Your comment is awaiting moderation/);
      const plain = await ctx.visitor.get(post.link);
      assert.doesNotMatch(visibleText(plain.body), /says a visitor/, "unapproved comment shown");

      const queue = await ctx.admin.get("/wp-admin/edit-comments.php?comment_status=moderated");
      const approve = links(queue).find((l) =>
        l.includes("action=approvecomment") && l.includes(`c=${id[1]}`)
      );
      assert.ok(approve, "no Approve link in the moderation queue");
      await ctx.admin.get(approve);
      const shown = await ctx.visitor.get(post.link);
      assert.match(visibleText(shown.body), /says a visitor/);
      ctx.state.set("commentId", Number(id[1]));
    },
  },
  {
    name: "the administrator replies to the comment and spams another",
    async run(ctx) {
      const post = need<PostRecord[]>(ctx, "posts")[0]!;
      const parent = need<number>(ctx, "commentId");
      const fields = await _commentForm(ctx.admin, post.link);
      await ctx.admin.post("/wp-comments-post.php", {
        form: { ...fields, comment: "Thanks from the admin.", comment_parent: String(parent) },
      });
      const page = await ctx.visitor.get(post.link);
      assert.match(visibleText(page.body), /Thanks from the admin\./);

      const spam = await adminRest<{ id: number }>(ctx, "POST", "/wp/v2/comments", {
        post: post.id,
        author_name: "Spammer",
        author_email: "spam@example.com",
        content: "Buy cheap marmots",
      });
      const list = await ctx.admin.get("/wp-admin/edit-comments.php");
      const link = links(list).find((l) =>
        l.includes("action=spamcomment") && l.includes(`c=${spam.id}`)
      );
      assert.ok(link, "no Spam link");
      await ctx.admin.get(link);
      const spamList = await ctx.admin.get("/wp-admin/edit-comments.php?comment_status=spam");
      assert.match(visibleText(spamList.body), /Buy cheap marmots/);
      const approved = await ctx.visitor.get(`/?rest_route=/wp/v2/comments&post=${post.id}`);
      assert.equal((JSON.parse(approved.body) as unknown[]).length, 2);
    },
  },
];
