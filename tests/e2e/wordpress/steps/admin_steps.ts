/**
 * The admin screens an administrator opens, each with what it must show, the filtered post
 * lists, the settings forms saved, and Site Health (its direct tests run on page load, the
 * asynchronous ones through its REST routes).
 */
import assert from "node:assert/strict";
import { formFields, formSource, visibleText } from "../support/html.ts";
import type { PostRecord, RestPost, RestTerm } from "../support/rest_types.ts";
import { need, type WpContext, type WpStep } from "../support/wordpress_suite.ts";
import { adminRest, POST_COUNT, SEARCH_WORD } from "./content_steps.ts";

/** The permalink structure the settings step chooses. */
export const PERMALINKS = "/%year%/%monthnum%/%postname%/";

/** [path, what the page must show...] for every screen opened as-is. */
const SCREENS: Array<[string, ...RegExp[]]> = [
  ["/wp-admin/", /At a Glance/, new RegExp(`${POST_COUNT + 1} Posts`), /2 Pages/, /3 Comments/],
  ["/wp-admin/edit.php", /Posts/, /Marmot post 12/, /Marmot News/],
  ["/wp-admin/edit.php?post_type=page", /Pages/, /About Marmot/, /Sample Page/],
  ["/wp-admin/upload.php?mode=list", /Media Library/, /marmot-photo/],
  ["/wp-admin/upload.php", /Media Library/],
  ["/wp-admin/edit-comments.php", /Comments/, /says a visitor/],
  ["/wp-admin/users.php", /Users/, /editor1/],
  ["/wp-admin/profile.php", /Profile/],
  ["/wp-admin/edit-tags.php?taxonomy=category", /Categories/, /Marmot News/, /Databases/],
  ["/wp-admin/edit-tags.php?taxonomy=post_tag", /Tags/, /sqlite/, /Replication/],
  ["/wp-admin/options-general.php", /General Settings/],
  ["/wp-admin/options-writing.php", /Writing Settings/],
  ["/wp-admin/options-reading.php", /Reading Settings/],
  ["/wp-admin/options-discussion.php", /Discussion Settings/],
  ["/wp-admin/options-media.php", /Media Settings/],
  ["/wp-admin/options-permalink.php", /Permalink Settings/],
  ["/wp-admin/options-privacy.php", /Privacy/],
  ["/wp-admin/site-health.php", /Site Health/],
  ["/wp-admin/site-health.php?tab=debug", /Site Health/, /Database/],
  ["/wp-admin/themes.php", /Twenty Twenty-Three/],
  ["/wp-admin/plugins.php", /Akismet/],
  ["/wp-admin/tools.php", /Tools/],
  ["/wp-admin/export.php", /Export/],
  ["/wp-admin/export-personal-data.php", /Export Personal Data/],
  ["/wp-admin/erase-personal-data.php", /Erase Personal Data/],
  ["/wp-admin/post-new.php", /Add New Post/],
  ["/wp-admin/post-new.php?post_type=page", /Add New Page/],
  ["/wp-admin/site-editor.php", /Editor/],
  ["/wp-admin/edit.php?post_type=wp_block", /Reusable blocks/],
  ["/wp-admin/about.php", /WordPress/],
];

/** Filtered lists: [query string of edit.php, titles that must appear, titles that must not]. */
function _filters(ctx: WpContext): Array<[string, RegExp[], RegExp[]]> {
  const t = need<Record<string, RestTerm>>(ctx, "terms");
  return [
    [`s=${SEARCH_WORD}`, [/Marmot post 07/], [/Marmot post 08/]],
    ["m=202403", [/Marmot post 03/], [/Marmot post 04/]],
    [`cat=${t.dbs!.id}`, [/Marmot post 02/, /Marmot post 12/], [/Marmot post 01/]],
    ["tag=sqlite", [/Marmot post 03/, /Marmot post 09/], [/Marmot post 05/]],
    ["post_status=private", [/Secret marmot memo/], [/Marmot post 01/]],
    ["orderby=title&order=asc", [/Hello world!/], []],
    ["author=1&post_status=publish", [/Marmot post 01/], []],
  ];
}

/** Submits a settings form unchanged except for `changes`; returns the result page text. */
async function _saveSettings(ctx: WpContext, screen: string, changes: Record<string, string>) {
  const page = await ctx.admin.get(`/wp-admin/${screen}`);
  const form = formSource(page.body, /method="post"/i);
  assert.ok(form, `no settings form on ${screen}`);
  const action = /action="([^"]+)"/.exec(form.slice(0, form.indexOf(">")))?.[1] ?? "options.php";
  const done = await ctx.admin.post(`/wp-admin/${action}`, {
    form: { ...formFields(form), ...changes },
  });
  return visibleText(done.body);
}

export const adminSteps: WpStep[] = [
  {
    name: "every admin screen opens and shows its content",
    async run(ctx) {
      const failures: string[] = [];
      for (const [path, ...expected] of SCREENS) {
        try {
          const text = visibleText((await ctx.admin.get(path)).body);
          for (const re of expected) {
            if (!re.test(text)) failures.push(`${path}: missing ${re}`);
          }
        } catch (e) {
          failures.push(`${path}: ${(e as Error).message.slice(0, 800)}`);
        }
      }
      assert.deepEqual(failures, []);
    },
  },
  {
    name: "the posts list filters by search, month, category, tag, status and author",
    async run(ctx) {
      const failures: string[] = [];
      for (const [query, present, absent] of _filters(ctx)) {
        const text = visibleText((await ctx.admin.get(`/wp-admin/edit.php?${query}`)).body);
        for (const re of present) if (!re.test(text)) failures.push(`${query}: missing ${re}`);
        for (const re of absent) if (re.test(text)) failures.push(`${query}: shows ${re}`);
      }
      const users = visibleText((await ctx.admin.get("/wp-admin/users.php?role=editor")).body);
      if (!/editor1/.test(users) || /\badmin@example\.com/.test(users)) {
        failures.push("users.php?role=editor lists the wrong users");
      }
      assert.deepEqual(failures, []);
    },
  },
  {
    name: "the settings forms save, and the new tagline is served",
    async run(ctx) {
      const general = await _saveSettings(ctx, "options-general.php", {
        blogdescription: "Replicated marmots",
      });
      assert.match(general, /Settings saved/);
      for (const screen of ["options-writing.php", "options-reading.php", "options-media.php"]) {
        assert.match(await _saveSettings(ctx, screen, {}), /Settings saved/, screen);
      }
      assert.match(
        await _saveSettings(ctx, "options-discussion.php", { comments_per_page: "20" }),
        /Settings saved/,
      );
      const settings = await adminRest<{ description: string }>(ctx, "GET", "/wp/v2/settings");
      assert.equal(settings.description, "Replicated marmots");
    },
  },
  {
    name: "the permalink structure is changed and posts get the new links",
    async run(ctx) {
      const text = await _saveSettings(ctx, "options-permalink.php", {
        selection: "custom",
        permalink_structure: PERMALINKS,
      });
      assert.match(text, /Permalink structure updated/);
      const posts = need<PostRecord[]>(ctx, "posts");
      for (const post of posts) {
        const fresh = await adminRest<RestPost>(ctx, "GET", `/wp/v2/posts/${post.id}`);
        post.link = fresh.link;
      }
      assert.match(posts[2]!.link, /\/2024\/03\/marmot-post-03\/$/);
    },
  },
  {
    name: "Site Health's database tests (server version, utf8mb4) are good",
    async run(ctx) {
      const page = await ctx.admin.get("/wp-admin/site-health.php");
      const json = /var SiteHealth = (\{.*?\});\n/.exec(page.body)?.[1];
      assert.ok(json, "no SiteHealth data on the page");
      const health = JSON.parse(json) as {
        site_status: { direct: Array<{ test: string; status: string; label: string }> };
      };
      const direct = new Map(health.site_status.direct.map((r) => [r.test, r]));
      for (const test of ["sql_server", "utf8mb4_support"]) {
        const result = direct.get(test);
        assert.equal(result?.status, "good", `${test}: ${JSON.stringify(result)}`);
      }
    },
  },
  {
    name: "Site Health's asynchronous tests and directory sizes answer",
    async run(ctx) {
      for (
        const test of [
          "background-updates",
          "loopback-requests",
          "dotorg-communication",
          "authorization-header",
          "page-cache",
        ]
      ) {
        const result = await adminRest<{ test?: string; status?: string }>(
          ctx,
          "GET",
          `/wp-site-health/v1/tests/${test}`,
        );
        assert.ok(result.status, `${test}: no status in ${JSON.stringify(result)}`);
      }
      const sizes = await adminRest<Record<string, { size?: string }>>(
        ctx,
        "GET",
        "/wp-site-health/v1/directory-sizes",
      );
      assert.ok(sizes.database_size?.size, `no database size: ${JSON.stringify(sizes)}`);
    },
  },
];
