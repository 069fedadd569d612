/**
 * WordPress through a 3-node cluster writing at QUORUM, as examples/wordpress-cluster runs it:
 * one WordPress site per node, one database content. Each site's own URL is pinned with
 * WP_HOME and WP_SITEURL in its wp-config.php (the `home` and `siteurl` rows of wp_options
 * hold node 1's URL, where the install ran), as a multi-region deployment does. The flow:
 * install through node 1, publish on node 1 and read it on nodes 2 and 3, log in and
 * publish on node 3 and read it on node 1, then every table holds the same rows on all three
 * nodes. A database error in a page or WordPress's log, or any error a node answers
 * WordPress, fails the step it happened in.
 */
import assert, { AssertionError } from "node:assert/strict";
import { mysqlCli, startCluster } from "../../helpers/mod.ts";
import type { ClusterHandle, ClusterNodeHandle } from "../../helpers/start_cluster.ts";
import { EXTERNAL, type Target } from "../support/target.ts";
import { ADMIN, installSteps, logIn, restNonce, SITE_TITLE } from "./steps/install_steps.ts";
import { Browser } from "./support/browser.ts";
import { links, visibleText } from "./support/html.ts";
import { type QueryTap, startQueryTap } from "./support/query_tap.ts";
import type { RestPost } from "./support/rest_types.ts";
import { startWordpressSite, type WordpressSite } from "./support/wordpress_site.ts";
import {
  need,
  ProblemWatch,
  watchedStep,
  WP_DATABASE,
  type WpContext,
} from "./support/wordpress_suite.ts";

/** How long a write may take to show on the other nodes (QUORUM leaves one node to catch up). */
const REPLICATION_WAIT_MS = 10_000;

/** The three sites, index 0 talking to node 1; they share one `state`. */
interface ClusterContext {
  readonly cluster: ClusterHandle;
  readonly sites: readonly WpContext[];
  readonly state: Map<string, unknown>;
}

interface ClusterStep {
  name: string;
  allowErrors?: number[];
  run(ctx: ClusterContext): Promise<void>;
}

function _target(node: ClusterNodeHandle): Target {
  return {
    port: node.mysqlPort,
    external: false,
    dataDir: node.dataDir,
    stop: (signal) => node.stop(signal),
    kill: () => node.kill(),
    cleanup: () => node.cleanup(),
    logs: () => node.logs(),
  };
}

/**
 * Retries `check` until it stops failing an assertion (the write has not arrived yet); any
 * other error, such as a page showing a database error, fails at once.
 */
async function eventually<T>(check: () => Promise<T>, timeoutMs = REPLICATION_WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof AssertionError) || Date.now() > deadline) throw error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function _sql(port: number, sql: string, database?: string): Promise<string> {
  const out = await mysqlCli(port, sql, { database, args: ["--skip-column-names"] });
  if (out.code !== 0) throw new Error(`${sql} on port ${port}: ${out.stderr.trim()}`);
  return out.stdout;
}

/** Publishes a post through the REST API, as the block editor does, as `browser`. */
async function _publish(browser: Browser, title: string, text: string): Promise<RestPost> {
  const post = await browser.rest<RestPost>("POST", "/wp/v2/posts", {
    nonce: await restNonce(browser),
    json: {
      title,
      content: `<!-- wp:paragraph --><p>${text}</p><!-- /wp:paragraph -->`,
      status: "publish",
    },
  });
  assert.equal(post.status, "publish");
  return post;
}

/**
 * Waits until `site`'s front page lists the post and the post's own URL on that site shows
 * it, with every link on both pages pointing at that site and not at another node's.
 */
async function _seesPost(ctx: ClusterContext, index: number, post: RestPost, text: string) {
  const site = ctx.sites[index]!;
  const title = post.title.raw ?? post.title.rendered;
  const others = ctx.sites.filter((s) => s !== site).map((s) => s.site.url);
  const ownLinks = (page: { body: string; url: string }) => {
    const foreign = links(page).filter((l) => others.some((o) => l.startsWith(o)));
    assert.deepEqual(foreign, [], `${page.url} links to another node's site`);
  };
  await eventually(async () => {
    const home = await site.visitor.get("/");
    assert.ok(
      visibleText(home.body).includes(title),
      `node ${index + 1}'s front page does not list "${title}" yet`,
    );
    ownLinks(home);
  });
  const url = new URL(post.link);
  const page = await site.visitor.get(url.pathname + url.search);
  const shown = visibleText(page.body);
  assert.ok(shown.includes(title), `${page.url} does not show the title "${title}"`);
  assert.ok(shown.includes(text), `${page.url} does not show the text of the post`);
  ownLinks(page);
}

/** Every row of every table of the WordPress database on `node`, table by table, sorted. */
async function _dump(node: ClusterNodeHandle): Promise<Map<string, string[]>> {
  const tables = (await _sql(node.mysqlPort, "SHOW TABLES", WP_DATABASE)).trim().split("\n");
  const dump = new Map<string, string[]>();
  for (const table of tables) {
    const rows = await _sql(node.mysqlPort, `SELECT * FROM \`${table}\``, WP_DATABASE);
    dump.set(table, rows.split("\n").filter((l) => l !== "").sort());
  }
  return dump;
}

const wizard = installSteps.slice(0, 2);
assert.ok(wizard.every((s) => /install wizard/.test(s.name)), "installSteps changed order");

const steps: ClusterStep[] = [
  {
    name: "the wordpress database created on node 1 reaches nodes 2 and 3",
    async run({ cluster }) {
      await _sql(cluster.node(1).mysqlPort, `CREATE DATABASE ${WP_DATABASE}`);
      for (const id of [2, 3]) {
        await eventually(async () => {
          const found = await _sql(cluster.node(id).mysqlPort, "SHOW DATABASES");
          assert.ok(found.split("\n").includes(WP_DATABASE), `no ${WP_DATABASE} on node ${id}`);
        }, 5000);
      }
    },
  },
  ...wizard.map((step): ClusterStep => ({
    name: `node 1: ${step.name}`,
    allowErrors: step.allowErrors,
    run: (ctx) => step.run(ctx.sites[0]!),
  })),
  {
    name: "the sites of nodes 2 and 3 show the site installed through node 1, at their own URL",
    async run(ctx) {
      for (const index of [1, 2]) {
        const site = ctx.sites[index]!;
        await eventually(async () => {
          const page = await site.visitor.get("/");
          const text = visibleText(page.body);
          assert.match(text, new RegExp(SITE_TITLE), `node ${index + 1} shows no site title`);
          assert.match(text, /Hello world!/);
          const hello = links(page).find((l) => /hello-world|[?&]p=\d+/.test(l));
          assert.ok(hello?.startsWith(`${site.site.url}/`), `"Hello world!" links to ${hello}`);
        });
        const again = await site.visitor.get("/wp-admin/install.php");
        assert.match(visibleText(again.body), /Already Installed/);
      }
    },
  },
  {
    name: "the administrator logs in on node 1 and publishes a post",
    async run(ctx) {
      await logIn(ctx.sites[0]!.admin, ADMIN.user, ADMIN.password);
      const post = await _publish(ctx.sites[0]!.admin, "Written on node one", "Marmots on node 1.");
      ctx.state.set("post1", post);
    },
  },
  {
    name: "the post written on node 1 shows on the sites of nodes 2 and 3",
    async run(ctx) {
      const post = need<RestPost>(ctx.sites[0]!, "post1");
      await _seesPost(ctx, 1, post, "Marmots on node 1.");
      await _seesPost(ctx, 2, post, "Marmots on node 1.");
    },
  },
  {
    name: "the administrator logs in on node 3 and publishes a post there",
    async run(ctx) {
      const page = await logIn(ctx.sites[2]!.admin, ADMIN.user, ADMIN.password);
      assert.match(visibleText(page.body), /Dashboard/);
      const post = await _publish(ctx.sites[2]!.admin, "Written on node three", "Marmots on 3.");
      ctx.state.set("post3", post);
    },
  },
  {
    name: "the post written on node 3 shows on the sites of nodes 1 and 2",
    async run(ctx) {
      const post = need<RestPost>(ctx.sites[0]!, "post3");
      await _seesPost(ctx, 0, post, "Marmots on 3.");
      await _seesPost(ctx, 1, post, "Marmots on 3.");
    },
  },
  {
    name: "every table holds the same rows on the three nodes, both posts under their ids",
    async run(ctx) {
      const posts = [
        need<RestPost>(ctx.sites[0]!, "post1"),
        need<RestPost>(ctx.sites[0]!, "post3"),
      ];
      const listing = "SELECT ID, post_title FROM wp_posts WHERE post_type = 'post' ORDER BY ID";
      for (const node of ctx.cluster.nodes) {
        await eventually(async () => {
          const out = await _sql(node.mysqlPort, listing, WP_DATABASE);
          for (const p of posts) {
            const row = `${p.id}\t${p.title.raw ?? p.title.rendered}\n`;
            assert.ok(out.includes(row), `node ${node.nodeId} has no post ${row}:\n${out}`);
          }
        });
      }
      await eventually(async () => {
        const [first, ...rest] = await Promise.all(ctx.cluster.nodes.map(_dump));
        for (const [i, other] of rest.entries()) {
          assert.deepEqual([...other!.keys()], [...first!.keys()], `tables of node ${i + 2}`);
          const differ = [...first!.keys()].filter((t) =>
            JSON.stringify(first!.get(t)) !== JSON.stringify(other!.get(t))
          );
          assert.deepEqual(differ, [], `tables whose rows differ between nodes 1 and ${i + 2}`);
        }
      });
    },
  },
];

Deno.test({
  name: "WordPress on a 3-node cluster: install on 1, write on 1 and 3, read everywhere",
  // Needs node processes: there is no cluster to start against an external MySQL.
  ignore: EXTERNAL,
  sanitizeOps: false,
  sanitizeResources: false,
}, async (t) => {
  await using cluster = await startCluster(3, {
    config: '[replication]\ndefault_write_consistency = "QUORUM"\n',
  });
  const taps: QueryTap[] = [];
  const sites: WordpressSite[] = [];
  let failed = false;
  try {
    for (const node of cluster.nodes) {
      const tap = startQueryTap(node.mysqlPort);
      taps.push(tap);
      sites.push(await startWordpressSite({ dbPort: tap.port, dbName: WP_DATABASE, pinUrl: true }));
    }
    const state = new Map<string, unknown>();
    const ctx: ClusterContext = {
      cluster,
      state,
      sites: cluster.nodes.map((node, i) => ({
        target: _target(node),
        site: sites[i]!,
        tap: taps[i]!,
        admin: new Browser(sites[i]!.url),
        visitor: new Browser(sites[i]!.url),
        state,
      })),
    };
    const watch = new ProblemWatch(
      ctx.sites.map((s, i) => ({ site: s.site, tap: s.tap, name: `node ${i + 1}` })),
    );
    for (const step of steps) {
      if (!await watchedStep(t, step, watch, () => step.run(ctx))) failed = true;
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (failed) {
      for (const node of cluster.nodes) {
        console.error(`--- node ${node.nodeId} log (last lines) ---\n${node.logs().slice(-3000)}`);
      }
    }
    await Promise.all(sites.map((s) => s.stop()));
    await Promise.all(taps.map((tap) => tap.close()));
  }
});
