/**
 * drizzle-orm (mysql2 driver) unmodified against a node: typed inserts with `$returningId`,
 * joins, relational queries (`db.query.x.findMany({ with })`, which MySQL 8 runs as LEFT JOIN
 * LATERAL with JSON_ARRAYAGG), upserts, transactions with rollback and nested savepoints,
 * ON DELETE CASCADE.
 */
import assert from "node:assert/strict";
import mysql from "mysql2/promise";
import { count, desc, eq, relations, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/mysql2";
import {
  bigint,
  boolean,
  decimal,
  index,
  json,
  mysqlEnum,
  mysqlTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/mysql-core";
import { connect } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_drizzle";

const users = mysqlTable("users", {
  id: serial("id").primaryKey(),
  email: varchar("email", { length: 120 }).notNull(),
  name: text("name"),
  meta: json("meta"),
  created: timestamp("created", { fsp: 3 }).defaultNow().notNull(),
  balance: decimal("balance", { precision: 10, scale: 2 }).default("0"),
  active: boolean("active").default(true),
  kind: mysqlEnum("kind", ["a", "b"]).default("a"),
}, (t) => [uniqueIndex("email_idx").on(t.email)]);

const posts = mysqlTable("posts", {
  id: bigint("id", { mode: "number", unsigned: true }).autoincrement().primaryKey(),
  userId: bigint("user_id", { mode: "number", unsigned: true }).notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  title: varchar("title", { length: 200 }).notNull(),
}, (t) => [index("title_idx").on(t.title)]);

const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }));
const postsRelations = relations(posts, ({ one }) => ({
  author: one(users, { fields: [posts.userId], references: [users.id] }),
}));

// What drizzle-kit would generate for the tables above.
const DDL = [
  `CREATE TABLE users (id serial PRIMARY KEY, email varchar(120) NOT NULL, name text, meta json,
    created timestamp(3) NOT NULL DEFAULT (now()), balance decimal(10,2) DEFAULT '0',
    active boolean DEFAULT true, kind enum('a','b') DEFAULT 'a', CONSTRAINT email_idx UNIQUE(email))`,
  `CREATE TABLE posts (id bigint unsigned AUTO_INCREMENT NOT NULL, user_id bigint unsigned NOT NULL,
    title varchar(200) NOT NULL, CONSTRAINT posts_id PRIMARY KEY(id))`,
  "CREATE INDEX title_idx ON posts (title)",
  `ALTER TABLE posts ADD CONSTRAINT posts_user_id_users_id_fk FOREIGN KEY (user_id)
    REFERENCES users(id) ON DELETE cascade ON UPDATE no action`,
];

e2eSuite("drizzle-orm works unmodified", async ({ port, step }) => {
  const setup = await connect(port);
  await setup.query(`DROP DATABASE IF EXISTS ${DB}`);
  await setup.query(`CREATE DATABASE ${DB}`);
  await setup.end();
  const pool = mysql.createPool({ host: "127.0.0.1", port, user: "root", database: DB });
  const db = drizzle(pool, {
    schema: { users, posts, usersRelations, postsRelations },
    mode: "default",
  });
  try {
    await step("the generated DDL runs", async () => {
      for (const ddl of DDL) await db.execute(sql.raw(ddl));
    });

    await step("inserts return their ids and rows read back typed", async () => {
      const ids = await db.insert(users).values({ email: "ann@x", name: "Ann", meta: { k: [1] } })
        .$returningId();
      assert.deepEqual(ids, [{ id: 1 }]);
      await db.insert(posts).values([{ userId: 1, title: "first" }, {
        userId: 1,
        title: "second",
      }]);
      await db.insert(users).values({ email: "bob@x" });
      const [ann] = await db.select().from(users).where(eq(users.email, "ann@x"));
      assert.equal(ann?.name, "Ann");
      assert.deepEqual(ann?.meta, { k: [1] });
      assert.equal(ann?.balance, "0.00");
      assert.equal(ann?.active, true);
      assert.equal(ann?.kind, "a");
      assert.ok(ann?.created instanceof Date && !isNaN(ann.created.getTime()));
    });

    await step("joins, ORDER BY and count()", async () => {
      const joined = await db.select({ title: posts.title, email: users.email }).from(posts)
        .innerJoin(users, eq(posts.userId, users.id)).orderBy(desc(posts.id));
      assert.deepEqual(joined, [
        { title: "second", email: "ann@x" },
        { title: "first", email: "ann@x" },
      ]);
      assert.deepEqual(await db.select({ n: count() }).from(posts), [{ n: 2 }]);
    });

    await step("relational queries: many, nested one, limit and order (LATERAL)", async () => {
      const all = await db.query.users.findMany({
        columns: { email: true },
        with: { posts: { columns: { title: true }, orderBy: desc(posts.id) } },
        orderBy: users.id,
      });
      assert.deepEqual(all, [
        { email: "ann@x", posts: [{ title: "second" }, { title: "first" }] },
        { email: "bob@x", posts: [] },
      ]);
      const nested = await db.query.users.findFirst({
        columns: { email: true },
        where: eq(users.id, 1),
        with: {
          posts: {
            columns: { title: true },
            orderBy: posts.id,
            limit: 1,
            with: { author: { columns: { id: true, name: true } } },
          },
        },
      });
      assert.deepEqual(nested, {
        email: "ann@x",
        posts: [{ title: "first", author: { id: 1, name: "Ann" } }],
      });
    });

    await step("a JSON column inside a relation reads back as JSON", async () => {
      const post = await db.query.posts.findFirst({
        columns: { title: true },
        with: { author: { columns: { meta: true } } },
      });
      assert.deepEqual(post, { title: "first", author: { meta: { k: [1] } } });
    });

    await step("onDuplicateKeyUpdate updates the existing row", async () => {
      await db.insert(users).values({ email: "ann@x", name: "Ann B" })
        .onDuplicateKeyUpdate({ set: { name: sql`values(${users.name})` } });
      const rows = await db.select({ name: users.name }).from(users).where(
        eq(users.email, "ann@x"),
      );
      assert.deepEqual(rows, [{ name: "Ann B" }]);
    });

    await step("transactions: rollback, nested rollback to a savepoint, commit", async () => {
      await assert.rejects(db.transaction(async (tx) => {
        await tx.insert(users).values({ email: "gone@x" });
        tx.rollback();
      }));
      await db.transaction(async (tx) => {
        await tx.insert(users).values({ email: "kept@x" });
        await assert.rejects(tx.transaction(async (inner) => {
          await inner.insert(users).values({ email: "inner@x" });
          inner.rollback();
        }));
      });
      const emails = (await db.select({ e: users.email }).from(users).orderBy(users.id))
        .map((r) => r.e);
      assert.deepEqual(emails, ["ann@x", "bob@x", "kept@x"]);
    });

    await step("a duplicate key is ER_DUP_ENTRY, deleting a user cascades to posts", async () => {
      await assert.rejects(
        db.insert(users).values({ email: "bob@x" }),
        (e: Error & { cause?: { code?: string } }) => e.cause?.code === "ER_DUP_ENTRY",
      );
      await db.delete(users).where(eq(users.email, "ann@x"));
      assert.deepEqual(await db.select({ n: count() }).from(posts), [{ n: 0 }]);
    });
  } finally {
    await pool.end();
  }
});
