/**
 * MySQL behaviour WordPress users see without knowing it: user names match whatever their
 * case (case-insensitive collation), titles sort as the collation sorts them, sticky posts
 * come first, and password-protected posts unlock with a cookie.
 */
import assert from "node:assert/strict";
import { Browser } from "../support/browser.ts";
import { visibleText } from "../support/html.ts";
import type { PostRecord, RestPost } from "../support/rest_types.ts";
import { need, type WpStep } from "../support/wordpress_suite.ts";
import { adminRest } from "./content_steps.ts";
import { ADMIN, logIn } from "./install_steps.ts";

export const semanticsSteps: WpStep[] = [
  {
    name: "logging in as ADMIN finds the user admin (case-insensitive comparison)",
    async run(ctx) {
      const browser = new Browser(ctx.site.url);
      const page = await logIn(browser, ADMIN.user.toUpperCase(), ADMIN.password);
      assert.match(visibleText(page.body), /Dashboard/);
    },
  },
  {
    name: "titles sort case-insensitively on the posts screen",
    async run(ctx) {
      for (const title of ["Banana marmot", "apple marmot", "Cherry marmot", "Éclair marmot"]) {
        await adminRest(ctx, "POST", "/wp/v2/posts", { title, status: "draft" });
      }
      const page = await ctx.admin.get(
        "/wp-admin/edit.php?post_status=draft&post_type=post&orderby=title&order=asc",
      );
      const text = visibleText(page.body);
      const at = (s: string) => text.indexOf(s);
      assert.ok(at("apple marmot") >= 0 && at("Banana marmot") >= 0, "drafts not listed");
      assert.ok(
        at("apple marmot") < at("Banana marmot") && at("Banana marmot") < at("Cherry marmot"),
        "expected apple, Banana, Cherry (MySQL's default collation ignores case)",
      );
      assert.ok(
        at("Cherry marmot") < at("Éclair marmot") && at("Éclair marmot") < at("Quick marmot"),
        "expected Éclair between Cherry and Quick (the collation sorts É as E)",
      );
    },
  },
  {
    name: "accented and emoji text is stored, and search ignores case and accents",
    async run(ctx) {
      const post = await adminRest<RestPost>(ctx, "POST", "/wp/v2/posts", {
        title: "Crème brûlée for marmots 🐹",
        content: "<!-- wp:paragraph --><p>Déjà vu: the Éclair is gone.</p><!-- /wp:paragraph -->",
        status: "publish",
      });
      const page = visibleText((await ctx.visitor.get(post.link)).body);
      assert.match(page, /Crème brûlée for marmots 🐹/);
      assert.match(page, /Déjà vu: the Éclair is gone\./);
      // utf8mb4_unicode_520_ci: "CRÈME", "creme" and "eclair" all match.
      const missed: string[] = [];
      for (const term of ["brûlée", "CRÈME", "creme", "ECLAIR"]) {
        const found = visibleText((await ctx.visitor.get(`/?s=${encodeURIComponent(term)}`)).body);
        if (!/Crème brûlée for marmots/.test(found)) missed.push(term);
      }
      assert.deepEqual(missed, [], "searches that did not find the post");
    },
  },
  {
    name: "a sticky post comes first on the home page",
    async run(ctx) {
      const post = need<PostRecord[]>(ctx, "posts")[0]!;
      const sticky = await adminRest<RestPost & { sticky: boolean }>(
        ctx,
        "POST",
        `/wp/v2/posts/${post.id}`,
        { sticky: true },
      );
      assert.equal(sticky.sticky, true);
      const text = visibleText((await ctx.visitor.get("/")).body);
      const first = text.indexOf("Marmot post 01");
      assert.ok(first >= 0, "the sticky post is not on the home page");
      assert.ok(first < text.indexOf("Hello world!"), "the sticky post is not first");
      await adminRest(ctx, "POST", `/wp/v2/posts/${post.id}`, { sticky: false });
    },
  },
  {
    name: "a password-protected post shows its content after the password is given",
    async run(ctx) {
      const post = await adminRest<RestPost>(ctx, "POST", "/wp/v2/posts", {
        title: "Guarded marmot",
        content: "The burrow is under the big rock.",
        status: "publish",
        password: "whistle",
      });
      const visitor = new Browser(ctx.site.url);
      const locked = visibleText((await visitor.get(post.link)).body);
      assert.match(locked, /This content is password protected/);
      assert.doesNotMatch(locked, /big rock/);
      const open = await visitor.post("/wp-login.php?action=postpass", {
        form: { post_password: "whistle", Submit: "Enter" },
        headers: { referer: post.link },
      });
      assert.match(visibleText(open.body), /The burrow is under the big rock/);
    },
  },
];
