/**
 * The front end as a visitor sees it: home page and paging (SQL_CALC_FOUND_ROWS and
 * FOUND_ROWS()), single posts and pages, search, category, tag, date and author archives,
 * feeds, sitemaps, the public REST API and a 404.
 */
import assert from "node:assert/strict";
import { visibleText } from "../support/html.ts";
import type { PostRecord, RestPost, RestTerm } from "../support/rest_types.ts";
import { need, type WpContext, type WpStep } from "../support/wordpress_suite.ts";
import { POST_COUNT, SEARCH_WORD } from "./content_steps.ts";
import { SITE_TITLE } from "./install_steps.ts";

async function _text(ctx: WpContext, path: string): Promise<string> {
  return visibleText((await ctx.visitor.get(path)).body);
}

function _expect(text: string, where: string, present: RegExp[], absent: RegExp[] = []) {
  for (const re of present) assert.match(text, re, `${where} should show ${re}`);
  for (const re of absent) assert.doesNotMatch(text, re, `${where} should not show ${re}`);
}

export const frontSteps: WpStep[] = [
  {
    name: "the home page lists the newest posts and page 2 the oldest",
    async run(ctx) {
      // "Hello world!" is dated today, the others in 2024: it comes first.
      const home = await _text(ctx, "/");
      _expect(home, "home", [new RegExp(SITE_TITLE), /Hello world!/, /Marmot post 04/], [
        /Marmot post 03/,
        /Secret marmot memo/,
        /Unfinished marmot draft/,
      ]);
      // 13 published posts, 10 a page: page 2 holds the three oldest.
      const page2 = await _text(ctx, "/?paged=2");
      _expect(page2, "page 2", [/Marmot post 03/, /Marmot post 02/, /Marmot post 01/], [
        /Marmot post 04/,
        /Hello world!/,
      ]);
      const pretty = await _text(ctx, "/page/2/");
      _expect(pretty, "/page/2/", [/Marmot post 01/]);
      const page3 = await ctx.visitor.get("/?paged=3", { allowStatus: [404] });
      assert.equal(page3.status, 404, "a page past the last should be a 404");
    },
  },
  {
    name: "a single post shows its title, content, tags, featured image and comments",
    async run(ctx) {
      const posts = need<PostRecord[]>(ctx, "posts");
      const first = await _text(ctx, posts[0]!.link);
      _expect(first, "post 1", [
        /Marmot post 01/,
        /Body of marmot post 1\./,
        /says a visitor/,
        /Thanks from the admin/,
      ]);
      const edited = await _text(ctx, posts[2]!.link);
      _expect(edited, "post 3", [/Marmot post 03 \(edited\)/, /edited twice/, /sqlite/]);
      const featured = await ctx.visitor.get(posts[11]!.link);
      assert.match(featured.body, /marmot-photo[^"]*\.png/, "featured image missing");
      const byId = await _text(ctx, `/?p=${posts[4]!.id}`);
      _expect(byId, "?p=", [/Marmot post 05/, /Replication/]);
    },
  },
  {
    name: "pages open by link and by id",
    async run(ctx) {
      const about = need<RestPost>(ctx, "aboutPage");
      _expect(await _text(ctx, `/?page_id=${about.id}`), "about", [/Marmot is a replicated/]);
      _expect(await _text(ctx, "/sample-page/"), "sample page", [/Sample Page/]);
    },
  },
  {
    name: "search finds the post with the word and says so when nothing matches",
    async run(ctx) {
      const found = await _text(ctx, `/?s=${SEARCH_WORD}`);
      _expect(found, "search", [/Marmot post 07/], [/Marmot post 08/]);
      // MySQL's default collation: LIKE is case-insensitive.
      const upper = await _text(ctx, `/?s=${SEARCH_WORD.toUpperCase()}`);
      _expect(upper, "upper-case search", [/Marmot post 07/]);
      const phrase = await _text(ctx, "/?s=%22marmot+post+1%22");
      _expect(phrase, "phrase search", [/Marmot post 01/]);
      const none = await _text(ctx, "/?s=nothingmatchesthis");
      _expect(none, "empty search", [/nothing matched your search/i], [/Marmot post/]);
    },
  },
  {
    name: "category and tag archives list their posts",
    async run(ctx) {
      const t = need<Record<string, RestTerm>>(ctx, "terms");
      _expect(await _text(ctx, t.dbs!.link), "Databases", [/Marmot post 12/, /Marmot post 02/], [
        /Marmot post 01/,
        /Marmot post 03/,
      ]);
      _expect(await _text(ctx, `/?cat=${t.news!.id}`), "Marmot News", [/Marmot post 12/]);
      _expect(await _text(ctx, t.sqlite!.link), "sqlite", [/Marmot post 09/, /Marmot post 03/], [
        /Marmot post 05/,
      ]);
      _expect(await _text(ctx, "/?tag=replication"), "tag=", [/Marmot post 05/], [
        /Marmot post 04/,
      ]);
      _expect(await _text(ctx, "/?tag=quickedit"), "quick-edit tag", [/quick edited/]);
    },
  },
  {
    name: "date and author archives list their posts",
    async run(ctx) {
      _expect(await _text(ctx, "/?m=202403"), "?m=202403", [/Marmot post 03/], [
        /Marmot post 04/,
      ]);
      _expect(await _text(ctx, "/2024/05/"), "/2024/05/", [/Marmot post 05/], [/Marmot post 06/]);
      _expect(await _text(ctx, "/?year=2024&monthnum=6&day=15"), "a day", [/Marmot post 06/]);
      _expect(await _text(ctx, "/2024/"), "/2024/", [/Marmot post 12/]);
      _expect(await _text(ctx, "/?author=1"), "author", [/Marmot post 12/]);
    },
  },
  {
    name: "the RSS, Atom and comment feeds list posts and comments",
    async run(ctx) {
      const rss = await ctx.visitor.get("/?feed=rss2");
      assert.match(rss.headers.get("content-type") ?? "", /rss\+xml/);
      assert.match(rss.body, /<title>Marmot post 12<\/title>/);
      assert.equal([...rss.body.matchAll(/<item>/g)].length, 10);
      const atom = await ctx.visitor.get("/?feed=atom");
      assert.match(atom.body, /Marmot post 12/);
      const comments = await ctx.visitor.get("/?feed=comments-rss2");
      assert.match(comments.body, /says a visitor/);
      const category = await ctx.visitor.get("/?feed=rss2&tag=sqlite");
      assert.match(category.body, /Marmot post 09/);
    },
  },
  {
    name: "sitemaps, robots.txt and the public REST API answer",
    async run(ctx) {
      const index = await ctx.visitor.get("/?sitemap=index");
      assert.match(index.body, /sitemapindex/);
      const posts = await ctx.visitor.get("/?sitemap=posts&sitemap-subtype=post&paged=1");
      assert.match(posts.body, /marmot-post-07/);
      assert.match((await ctx.visitor.get("/robots.txt")).body, /Sitemap:/);
      const list = JSON.parse(
        (await ctx.visitor.get("/?rest_route=/wp/v2/posts&per_page=5&search=marmot")).body,
      ) as RestPost[];
      assert.equal(list.length, 5);
      const total = (await ctx.visitor.get("/?rest_route=/wp/v2/posts")).headers.get("x-wp-total");
      assert.equal(total, String(POST_COUNT + 1));
      const search = await ctx.visitor.get(`/?rest_route=/wp/v2/search&search=${SEARCH_WORD}`);
      assert.match(search.body, /Marmot post 07/);
    },
  },
  {
    name: "a missing post is a 404 page",
    async run(ctx) {
      const page = await ctx.visitor.get("/?p=999999", { allowStatus: [404] });
      assert.equal(page.status, 404);
      const slug = await ctx.visitor.get("/2024/01/no-such-marmot/", { allowStatus: [404] });
      assert.equal(slug.status, 404);
    },
  },
];
