/**
 * WordPress 6.1 (Debian's package, PHP's mysqli, no plugin, no patch) against one node:
 * install, log in, write (REST as the block editor does, classic admin forms, XML-RPC),
 * upload, comment, manage users and settings, open every admin screen, run cron and export,
 * and browse the front end, failing on any database error in a page or in WordPress's log.
 * With E2E_EXTERNAL_PORT it runs against a MySQL/MariaDB instead (that is how
 * tests/fixtures/wordpress/queries.sql is recorded, see record_corpus.ts).
 */
import { adminSteps } from "./steps/admin_steps.ts";
import { ajaxSteps } from "./steps/ajax_steps.ts";
import { contentSteps } from "./steps/content_steps.ts";
import { frontSteps } from "./steps/front_steps.ts";
import { installSteps, logoutSteps } from "./steps/install_steps.ts";
import { maintenanceSteps } from "./steps/maintenance_steps.ts";
import { loadSteps } from "./steps/load_steps.ts";
import { mediaSteps } from "./steps/media_steps.ts";
import { peopleSteps } from "./steps/people_steps.ts";
import { semanticsSteps } from "./steps/semantics_steps.ts";
import { xmlrpcSteps } from "./steps/xmlrpc_steps.ts";
import { wordpressSuite } from "./support/wordpress_suite.ts";

wordpressSuite("WordPress installs and every page works on one node", [
  ...installSteps,
  ...contentSteps,
  ...mediaSteps,
  ...peopleSteps,
  ...xmlrpcSteps,
  ...ajaxSteps,
  ...adminSteps,
  ...frontSteps,
  ...semanticsSteps,
  ...loadSteps,
  ...maintenanceSteps,
  ...logoutSteps,
]);
