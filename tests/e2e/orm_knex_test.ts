/**
 * knex 3 (mysql2 client) unmodified against a node: migrations (knex_migrations and its lock
 * table, run twice, rolled back), the schema builder (createTable with foreign keys, composite
 * keys, alterTable renaming and altering columns and indexes, hasTable / hasColumn /
 * columnInfo), queries with joins, upsert with onConflict().merge(), transactions, cascade.
 */
import assert from "node:assert/strict";
import knexFactory, { type Knex } from "knex";
import { connect, rows } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_knex";

/** Migrations as an app keeps them, served from memory instead of a directory. */
const MIGRATIONS: Record<string, Knex.Migration> = {
  "001_init": {
    up: async (k) => {
      await k.schema.createTable("authors", (t) => {
        t.increments("id");
        t.string("name", 100).notNullable().unique();
        t.timestamps(true, true);
      });
      await k.schema.createTable("books", (t) => {
        t.increments("id");
        t.integer("author_id").unsigned().notNullable()
          .references("id").inTable("authors").onDelete("CASCADE");
        t.string("title");
        t.decimal("price", 8, 2).defaultTo(0);
        t.enu("kind", ["paper", "ebook"]);
        t.json("meta");
        t.index(["title"], "books_title_idx");
      });
    },
    down: async (k) => {
      await k.schema.dropTable("books");
      await k.schema.dropTable("authors");
    },
  },
  "002_alter": {
    up: async (k) => {
      await k.schema.alterTable("books", (t) => {
        t.string("isbn", 20).nullable();
        t.renameColumn("title", "name");
        t.dropIndex(["title"], "books_title_idx");
        t.index(["name"]);
        t.string("kind", 10).alter();
      });
    },
    down: async (k) => {
      await k.schema.alterTable("books", (t) => {
        t.dropColumn("isbn");
      });
    },
  },
};

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(MIGRATIONS)),
  getMigrationName: (name) => name,
  getMigration: (name) => Promise.resolve(MIGRATIONS[name]!),
};

e2eSuite("knex works unmodified", async ({ port, step }) => {
  const setup = await connect(port);
  await setup.query(`DROP DATABASE IF EXISTS ${DB}`);
  await setup.query(`CREATE DATABASE ${DB}`);
  const knex = knexFactory({
    client: "mysql2",
    connection: { host: "127.0.0.1", port, user: "root", password: "", database: DB },
    migrations: { migrationSource },
  });
  try {
    await step("migrate.latest runs both migrations, then has nothing left to run", async () => {
      const [batch, done] = await knex.migrate.latest();
      assert.equal(batch, 1);
      assert.deepEqual(done, ["001_init", "002_alter"]);
      assert.deepEqual(await knex.migrate.latest(), [1, []]);
      assert.equal(await knex.migrate.status(), 0);
      const lock = await rows(setup, `SELECT is_locked FROM ${DB}.knex_migrations_lock`);
      assert.deepEqual(lock, [{ is_locked: 0 }]);
    });

    await step("the schema is what the migrations say", async () => {
      assert.deepEqual(
        [await knex.schema.hasTable("books"), await knex.schema.hasTable("nope")],
        [true, false],
      );
      assert.deepEqual(
        [
          await knex.schema.hasColumn("books", "isbn"),
          await knex.schema.hasColumn("books", "title"),
          await knex.schema.hasColumn("books", "name"),
        ],
        [true, false, true],
      );
      const info = await knex("books").columnInfo();
      assert.deepEqual(Object.keys(info), [
        "id",
        "author_id",
        "name",
        "price",
        "kind",
        "meta",
        "isbn",
      ]);
      assert.deepEqual(info.kind, {
        defaultValue: null,
        type: "varchar",
        maxLength: 10,
        nullable: true,
      });
      assert.equal(info.price?.defaultValue, "0.00");
      const indexes = await rows<{ Key_name: string; Column_name: string }>(
        setup,
        `SHOW INDEX FROM ${DB}.books`,
      );
      assert.deepEqual(
        indexes.map((i) => `${i.Key_name}:${i.Column_name}`).sort(),
        ["PRIMARY:id", "books_author_id_foreign:author_id", "books_name_index:name"],
      );
      const fk = await rows(
        setup,
        `SELECT REFERENCED_TABLE_NAME AS t, REFERENCED_COLUMN_NAME AS c
         FROM information_schema.KEY_COLUMN_USAGE
         WHERE TABLE_SCHEMA = '${DB}' AND TABLE_NAME = 'books' AND COLUMN_NAME = 'author_id'
           AND REFERENCED_TABLE_NAME IS NOT NULL`,
      );
      assert.deepEqual(fk, [{ t: "authors", c: "id" }]);
    });

    await step("inserts, joins, JSON and decimals round-trip", async () => {
      const [id] = await knex("authors").insert({ name: "ann" });
      assert.equal(id, 1);
      await knex("books").insert([
        { author_id: id, name: "b1", meta: JSON.stringify({ a: 1 }), price: 9.5 },
        { author_id: id, name: "b2" },
      ]);
      const joined = await knex("books").join("authors", "authors.id", "books.author_id")
        .select("books.name", "books.price", "books.meta", "authors.name as author")
        .orderBy("books.id");
      assert.deepEqual(joined, [
        { name: "b1", price: "9.50", meta: { a: 1 }, author: "ann" },
        { name: "b2", price: "0.00", meta: null, author: "ann" },
      ]);
    });

    await step("onConflict().merge() updates the existing row", async () => {
      await knex("authors").insert({ name: "bob" });
      await knex("authors").insert({ id: 2, name: "bob" }).onConflict("name").merge(["id"]);
      await knex("authors").insert({ name: "ann", updated_at: "2020-01-01 00:00:00" })
        .onConflict("name").merge(["updated_at"]);
      const ann = await knex("authors").where({ name: "ann" }).first();
      assert.equal(new Date(ann.updated_at).getUTCFullYear(), 2020);
      assert.equal((await knex("authors").count("* as n"))[0]?.n, 2);
    });

    await step("a failing transaction rolls back, a good one commits", async () => {
      await assert.rejects(
        knex.transaction(async (tx) => {
          await tx("authors").insert({ name: "gone" });
          await tx("authors").insert({ name: "gone" });
        }),
        (e: Error & { code?: string }) => e.code === "ER_DUP_ENTRY",
      );
      await knex.transaction(async (tx) => {
        await tx("authors").insert({ name: "kept" });
      });
      const names = (await knex("authors").orderBy("id").pluck("name")) as string[];
      assert.deepEqual(names, ["ann", "bob", "kept"]);
    });

    await step("composite keys and foreign keys, dropForeign, dropTable", async () => {
      await knex.schema.createTable("parent", (t) => {
        t.integer("a");
        t.integer("b");
        t.primary(["a", "b"]);
      });
      await knex.schema.createTable("child", (t) => {
        t.increments();
        t.integer("a");
        t.integer("b");
        t.foreign(["a", "b"]).references(["a", "b"]).inTable("parent");
      });
      await knex("parent").insert({ a: 1, b: 2 });
      await knex("child").insert({ a: 1, b: 2 });
      await assert.rejects(
        knex("child").insert({ a: 9, b: 9 }),
        (e: Error & { code?: string }) => e.code === "ER_NO_REFERENCED_ROW_2",
      );
      await knex.schema.alterTable("child", (t) => {
        t.dropForeign(["a", "b"]);
      });
      await knex("child").insert({ a: 9, b: 9 });
      await knex.schema.dropTableIfExists("child").dropTableIfExists("parent");
      assert.equal(await knex.schema.hasTable("parent"), false);
    });

    await step(
      "deleting authors cascades; rolling back every migration drops the tables",
      async () => {
        await knex("authors").del();
        assert.deepEqual(await knex("books").count("* as n"), [{ n: 0 }]);
        const [, undone] = await knex.migrate.rollback(undefined, true);
        assert.deepEqual(undone, ["002_alter", "001_init"]);
        const tables = await rows<{ t: string }>(
          setup,
          `SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${DB}'
         ORDER BY TABLE_NAME`,
        );
        assert.deepEqual(tables.map((r) => r.t), ["knex_migrations", "knex_migrations_lock"]);
      },
    );
  } finally {
    await knex.destroy();
    await setup.end();
  }
});
