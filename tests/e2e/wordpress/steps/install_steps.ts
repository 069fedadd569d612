/** The install wizard and logging in, as an administrator does it the first time. */
import assert from "node:assert/strict";
import type { Browser } from "../support/browser.ts";
import { links, visibleText } from "../support/html.ts";
import type { WpContext, WpStep } from "../support/wordpress_suite.ts";

/** The administrator's account, created by the install wizard. */
export const ADMIN = { user: "admin", password: "Marmot-admin-pass-1", email: "admin@example.com" };
/** The site title typed into the wizard. */
export const SITE_TITLE = "Marmot Test Blog";

/** Logs `browser` in through wp-login.php; returns the page it lands on. */
export async function logIn(browser: Browser, user: string, password: string) {
  // The form sets a test cookie first; WordPress refuses a login without it.
  await browser.get("/wp-login.php");
  assert.ok(browser.jar.names().includes("wordpress_test_cookie"), "wp-login.php set no cookie");
  const page = await browser.post("/wp-login.php", {
    form: {
      log: user,
      pwd: password,
      "wp-submit": "Log In",
      redirect_to: browser.absolute("/wp-admin/"),
      testcookie: "1",
    },
  });
  assert.ok(
    browser.jar.names().some((n) => n.startsWith("wordpress_logged_in_")),
    `no login cookie after logging in as ${user}: ${visibleText(page.body).slice(0, 300)}`,
  );
  return page;
}

/** A fresh `wp_rest` nonce for the logged-in browser (what the editor's api-fetch sends). */
export async function restNonce(browser: Browser): Promise<string> {
  const page = await browser.get("/wp-admin/admin-ajax.php?action=rest-nonce");
  assert.match(page.body, /^[0-9a-f]{10}$/, `rest-nonce answered ${page.body.slice(0, 200)}`);
  return page.body;
}

export const installSteps: WpStep[] = [
  {
    name: "the install wizard shows its form",
    // WordPress looks for its options table before it exists.
    allowErrors: [1146],
    async run({ visitor }: WpContext) {
      const page = await visitor.get("/wp-admin/install.php");
      const text = visibleText(page.body);
      assert.match(text, /Welcome/);
      assert.match(page.body, /name="weblog_title"/);
    },
  },
  {
    name: "the install wizard creates the tables, the options and the admin user",
    // dbDelta DESCRIBEs each table before creating it.
    allowErrors: [1146],
    async run({ visitor }: WpContext) {
      const page = await visitor.post("/wp-admin/install.php?step=2", {
        form: {
          weblog_title: SITE_TITLE,
          user_name: ADMIN.user,
          admin_password: ADMIN.password,
          admin_password2: ADMIN.password,
          pw_weak: "1",
          admin_email: ADMIN.email,
          blog_public: "1",
          language: "",
        },
      });
      const text = visibleText(page.body);
      assert.match(text, /Success!/, text.slice(0, 500));
      assert.match(text, /WordPress has been installed/);
      const again = await visitor.get("/wp-admin/install.php");
      assert.match(visibleText(again.body), /Already Installed/);
    },
  },
  {
    name: "a wrong password is refused with WordPress's message",
    async run({ visitor }: WpContext) {
      await visitor.get("/wp-login.php");
      const page = await visitor.post("/wp-login.php", {
        form: { log: ADMIN.user, pwd: "not-the-password", "wp-submit": "Log In", testcookie: "1" },
      });
      assert.match(visibleText(page.body), /The password you entered for the username/);
      visitor.jar.clear();
    },
  },
  {
    name: "the administrator logs in through wp-login.php and sees the dashboard",
    async run(ctx: WpContext) {
      const page = await logIn(ctx.admin, ADMIN.user, ADMIN.password);
      assert.match(page.url, /\/wp-admin\/$/);
      const text = visibleText(page.body);
      assert.match(text, /Dashboard/);
      assert.match(text, /Welcome to WordPress!/);
      assert.match(text, new RegExp(`Howdy, ${ADMIN.user}`));
      const logout = links(page).find((l) => l.includes("action=logout"));
      assert.ok(logout, "no log out link on the dashboard");
      ctx.state.set("logoutLink", logout);
      ctx.state.set("restNonce", await restNonce(ctx.admin));
    },
  },
  {
    name: "the home page of the new site shows the first post",
    async run({ visitor }: WpContext) {
      const page = await visitor.get("/");
      const text = visibleText(page.body);
      assert.match(text, new RegExp(SITE_TITLE));
      assert.match(text, /Hello world!/);
    },
  },
];

/** Logging out, last: the cookies go and wp-admin asks for a login again. */
export const logoutSteps: WpStep[] = [
  {
    name: "the administrator logs out and wp-admin redirects to the login form",
    async run(ctx: WpContext) {
      const link = ctx.state.get("logoutLink");
      assert.equal(typeof link, "string", "no logout link was found");
      const page = await ctx.admin.get(link as string);
      assert.match(visibleText(page.body), /You are now logged out/);
      assert.ok(!ctx.admin.jar.names().some((n) => n.startsWith("wordpress_logged_in_")));
      const again = await ctx.admin.get("/wp-admin/");
      assert.match(again.url, /wp-login\.php/);
    },
  },
];
