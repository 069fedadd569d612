/**
 * Translation cost, cached (template bound to new literals) versus uncached (tokenize, parse,
 * emit), on sysbench and WordPress statement shapes.
 *   deno bench -A bench/translator_bench.ts
 */
import { Translator } from "../src/sql/translator.ts";

const ctx = { database: "sbtest", clientFoundRows: false };
const POINT = (i: number) => `SELECT c FROM sbtest1 WHERE id=${i}`;
const WP = (i: number) =>
  "SELECT SQL_CALC_FOUND_ROWS wp_posts.ID FROM wp_posts WHERE 1=1 AND wp_posts.post_type = 'post' " +
  "AND (wp_posts.post_status = 'publish' OR wp_posts.post_status = 'private') " +
  `ORDER BY wp_posts.post_date DESC LIMIT ${i % 50}, 10`;
const UPSERT = (i: number) =>
  "INSERT INTO `wp_options` (`option_name`, `option_value`, `autoload`) VALUES " +
  `('opt_${i}', 'value ${i}', 'yes') ON DUPLICATE KEY UPDATE \`option_name\` = VALUES(\`option_name\`), ` +
  "`option_value` = VALUES(`option_value`), `autoload` = VALUES(`autoload`)";

const cached = new Translator();
cached.translate(POINT(0), ctx);
cached.translate(WP(0), ctx);
cached.translate(UPSERT(0), ctx);
// A cache of one entry alternating between two shapes misses every time.
const uncached = new Translator({ cacheSize: 1 });
let i = 0;

Deno.bench("point select, cached", { group: "point", baseline: true }, () => {
  cached.translate(POINT(i++ % 100000), ctx);
});
Deno.bench("point select, uncached", { group: "point" }, () => {
  uncached.translate(i++ % 2 === 0 ? POINT(i) : `SELECT k FROM sbtest2 WHERE id=${i}`, ctx);
});
Deno.bench("WordPress WP_Query, cached", { group: "wp", baseline: true }, () => {
  cached.translate(WP(i++), ctx);
});
Deno.bench("WordPress WP_Query, uncached", { group: "wp" }, () => {
  uncached.translate(
    i++ % 2 === 0 ? WP(i) : WP(i).replace("wp_posts.ID", "wp_posts.post_title"),
    ctx,
  );
});
Deno.bench("add_option upsert, cached", { group: "upsert", baseline: true }, () => {
  cached.translate(UPSERT(i++), ctx);
});
Deno.bench("add_option upsert, uncached", { group: "upsert" }, () => {
  uncached.translate(
    i++ % 2 === 0
      ? UPSERT(i)
      : UPSERT(i).replace("'yes'", "'no', 'x'").replace("`autoload`)", "`autoload`, `x`)"),
    ctx,
  );
});
