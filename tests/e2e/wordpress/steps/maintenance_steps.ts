/**
 * Site maintenance: the scheduled events run by wp-cron.php (expired transients, trash
 * clean-up), a WXR export, a plugin activated and deactivated, a lost-password request and a
 * personal-data export request.
 */
import assert from "node:assert/strict";
import { mysqlCli } from "../../../helpers/mod.ts";
import { Browser } from "../support/browser.ts";
import { formFields, formSource, links, visibleText } from "../support/html.ts";
import { WP_DATABASE, type WpStep } from "../support/wordpress_suite.ts";

const EXPORT_ARGS = "download=true&cat=0&post_author=0&post_start_date=0&post_end_date=0" +
  "&post_status=0&page_author=0&page_start_date=0&page_end_date=0&page_status=0" +
  "&attachment_start_date=0&attachment_end_date=0&submit=Download+Export+File";

/** WordPress 5.4's database version: the upgrade runs every routine since, and dbDelta. */
const OLD_DB_VERSION = 47018;

export const maintenanceSteps: WpStep[] = [
  {
    name: "after a WordPress upgrade, the database update (dbDelta and data upgrades) runs",
    async run(ctx) {
      // What a site upgraded from WordPress 5.4 looks like: an older db_version.
      const set = await mysqlCli(
        ctx.target.port,
        `UPDATE wp_options SET option_value = '${OLD_DB_VERSION}' WHERE option_name = 'db_version';`,
        { database: WP_DATABASE },
      );
      assert.equal(set.code, 0, set.stderr);
      const before = ctx.tap.count();
      const required = await ctx.admin.get("/wp-admin/");
      assert.match(required.url, /upgrade\.php/);
      assert.match(visibleText(required.body), /Database Update Required/);
      const done = await ctx.admin.get("/wp-admin/upgrade.php?step=1&backto=%2Fwp-admin%2F");
      assert.match(visibleText(done.body), /Update Complete/);
      // dbDelta compares SHOW FULL COLUMNS / SHOW INDEX with WordPress's CREATE TABLE text
      // and alters whatever differs: against MySQL nothing differs, so nothing is altered.
      const sent = ctx.tap.statements().slice(before - ctx.tap.count());
      assert.ok(sent.some((q) => /^SHOW FULL COLUMNS FROM/i.test(q)), "dbDelta did not run");
      const altered = sent.filter((q) => /^\s*(?:ALTER|CREATE)\s+(?:TABLE|INDEX)/i.test(q));
      assert.deepEqual(altered, [], "dbDelta changed tables that already matched");
      const dashboard = await ctx.admin.get("/wp-admin/");
      assert.match(visibleText(dashboard.body), /At a Glance/);
      const version = await mysqlCli(
        ctx.target.port,
        "SELECT option_value FROM wp_options WHERE option_name = 'db_version';",
        { database: WP_DATABASE, args: ["--skip-column-names"] },
      );
      assert.notEqual(version.stdout.trim(), String(OLD_DB_VERSION));
    },
  },
  {
    name: "wp-cron.php runs the due scheduled events",
    async run(ctx) {
      const before = ctx.tap.count();
      const cron = await ctx.visitor.get("/wp-cron.php");
      assert.equal(cron.status, 200);
      // Running events reschedules them: the `cron` option is written back.
      const sent = ctx.tap.statements().slice(before - ctx.tap.count());
      assert.ok(
        sent.some((q) =>
          /^UPDATE `wp_options` SET `option_value` = .* `option_name` = 'cron'/s.test(q)
        ),
        "wp-cron.php ran no event",
      );
      // Site Health reads the schedule back: no event is missing or overdue by much.
      const health = await ctx.admin.get("/wp-admin/site-health.php?tab=debug");
      assert.match(visibleText(health.body), /Site Health/);
    },
  },
  {
    name: "Tools > Export downloads a WXR file of all content and of a date range",
    async run(ctx) {
      const all = await ctx.admin.get(`/wp-admin/export.php?content=all&${EXPORT_ARGS}`);
      assert.match(all.headers.get("content-disposition") ?? "", /attachment; filename=/);
      assert.match(all.body, /<title><!\[CDATA\[Marmot post 01\]\]><\/title>/);
      assert.match(all.body, /<wp:comment_content><!\[CDATA\[Marmots are great/);
      assert.match(all.body, /<wp:category>/);
      const range = await ctx.admin.get(
        "/wp-admin/export.php?content=posts&cat=0&post_author=0&post_start_date=2024-03-01" +
          "&post_end_date=2024-04-01&post_status=publish&download=true",
      );
      assert.match(range.body, /Marmot post 03/);
      assert.doesNotMatch(range.body, /Marmot post 05/);
    },
  },
  {
    name: "a plugin is activated and deactivated on plugins.php",
    async run(ctx) {
      const list = await ctx.admin.get("/wp-admin/plugins.php");
      const activate = links(list).find((l) =>
        l.includes("action=activate") && l.includes("akismet")
      );
      assert.ok(activate, "no Activate link for Akismet");
      // Akismet takes the administrator to its setup screen once activated.
      const active = await ctx.admin.get(activate);
      assert.match(visibleText(active.body), /Akismet Setup/);
      const back = await ctx.admin.get("/wp-admin/plugins.php");
      const deactivate = links(back).find((l) =>
        l.includes("action=deactivate") && l.includes("akismet")
      );
      assert.ok(deactivate, "no Deactivate link for Akismet");
      const inactive = await ctx.admin.get(deactivate);
      assert.match(visibleText(inactive.body), /Plugin deactivated/);
    },
  },
  {
    name: "a lost-password request is accepted for the editor",
    async run(ctx) {
      const browser = new Browser(ctx.site.url);
      const form = await browser.get("/wp-login.php?action=lostpassword");
      assert.match(visibleText(form.body), /Please enter your username or email address/);
      const done = await browser.post("/wp-login.php?action=lostpassword", {
        form: { user_login: "editor1", redirect_to: "", "wp-submit": "Get New Password" },
      });
      assert.match(visibleText(done.body), /Check your email for the confirmation link/);
    },
  },
  {
    name: "a personal data export request is created on the privacy tools screen",
    async run(ctx) {
      const screen = await ctx.admin.get("/wp-admin/export-personal-data.php");
      const form = formSource(screen.body, /action="[^"]*export-personal-data\.php/);
      assert.ok(form, "no request form");
      const done = await ctx.admin.post("/wp-admin/export-personal-data.php", {
        form: {
          ...formFields(form),
          username_or_email_for_privacy_request: "editor1",
          send_confirmation_email: "0",
        },
      });
      const text = visibleText(done.body);
      assert.match(text, /Request added successfully|Confirmation request initiated/);
      assert.match(text, /ed@example\.com/);
    },
  },
];
