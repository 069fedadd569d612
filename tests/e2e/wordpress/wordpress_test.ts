/**
 * WordPress 6.1 (Debian's package, PHP's mysqli, no plugin, no patch) against one node:
 * install, log in, write, comment, manage users and settings, and browse the front end,
 * failing on any database error in a page or in WordPress's log.
 */
import { installSteps, logoutSteps } from "./steps/install_steps.ts";
import { wordpressSuite } from "./support/wordpress_suite.ts";

wordpressSuite("WordPress installs and every page works on one node", [
  ...installSteps,
  ...logoutSteps,
]);
