/**
 * TypeORM 0.3 (mysql driver over mysql2) unmodified against a node: `synchronize()`, the schema
 * diff that `migration:generate` writes (it reads INFORMATION_SCHEMA.TABLES, COLUMNS,
 * STATISTICS, KEY_COLUMN_USAGE and REFERENTIAL_CONSTRAINTS and must find nothing to do after a
 * sync, and exactly the change after an entity changed), relations, the query builder,
 * migrations through the QueryRunner API, transactions, upsert, duplicate-key errors and ON
 * DELETE CASCADE.
 */
import "reflect-metadata";
import assert from "node:assert/strict";
import {
  DataSource,
  EntitySchema,
  type MigrationInterface,
  type QueryRunner,
  Table,
  TableColumn,
  TableForeignKey,
  TableIndex,
} from "typeorm";
import { connect, rows } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_typeorm";

// deno-lint-ignore no-explicit-any
type Row = any;

/** The entities; `v2` is the next version of the app: one more column and index. */
function entities(v2: boolean) {
  const User = new EntitySchema<Row>({
    name: "User",
    tableName: "users",
    columns: {
      id: { type: Number, primary: true, generated: true },
      email: { type: "varchar", length: 120, unique: true },
      name: { type: "varchar", length: 100, nullable: true },
      age: { type: "int", default: 0 },
      balance: { type: "decimal", precision: 10, scale: 2, default: 0 },
      kind: { type: "enum", enum: ["a", "b"], default: "a" },
      data: { type: "json", nullable: true },
      created: { type: "datetime", createDate: true },
      updated: { type: "timestamp", updateDate: true },
      ...(v2 ? { nickname: { type: "varchar" as const, length: 50, nullable: true } } : {}),
    },
    indices: [
      { name: "IDX_name_age", columns: ["name", "age"] },
      ...(v2 ? [{ name: "IDX_nickname", columns: ["nickname"] }] : []),
    ],
    relations: { posts: { type: "one-to-many", target: "Post", inverseSide: "author" } },
  });
  const Post = new EntitySchema<Row>({
    name: "Post",
    tableName: "posts",
    columns: {
      id: { type: Number, primary: true, generated: "increment" },
      uuid: { type: "varchar", length: 36, generated: "uuid" },
      title: { type: "varchar", length: 200 },
      body: { type: "text", nullable: true },
      published: { type: "boolean", default: false },
    },
    relations: {
      author: {
        type: "many-to-one",
        target: "User",
        inverseSide: "posts",
        onDelete: "CASCADE",
        joinColumn: { name: "authorId" },
      },
      tags: { type: "many-to-many", target: "Tag", joinTable: true },
    },
  });
  const Tag = new EntitySchema<Row>({
    name: "Tag",
    tableName: "tags",
    columns: {
      id: { type: Number, primary: true, generated: true },
      name: { type: "varchar", length: 40 },
    },
  });
  return [User, Post, Tag];
}

/** How every DataSource of these tests reaches the node. */
function server(port: number) {
  return {
    type: "mysql" as const,
    host: "127.0.0.1",
    port,
    username: "root",
    password: "",
    database: DB,
  };
}

function dataSource(port: number, v2 = false): DataSource {
  return new DataSource({
    ...server(port),
    entities: entities(v2),
    synchronize: false,
    logging: false,
  });
}

/** A hand-written migration through the QueryRunner schema API. */
class AddAudit1700000000001 implements MigrationInterface {
  name = "AddAudit1700000000001";
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: "audit",
        columns: [
          { name: "id", type: "int", isPrimary: true, isGenerated: true },
          { name: "userId", type: "int" },
          { name: "what", type: "varchar", length: "50" },
        ],
      }),
    );
    await q.createForeignKey(
      "audit",
      new TableForeignKey({
        columnNames: ["userId"],
        referencedTableName: "users",
        referencedColumnNames: ["id"],
        onDelete: "CASCADE",
      }),
    );
    await q.createIndex("audit", new TableIndex({ name: "IDX_audit_what", columnNames: ["what"] }));
    await q.addColumn("audit", new TableColumn({ name: "note", type: "text", isNullable: true }));
    await q.renameColumn("audit", "note", "remark");
  }
  async down(q: QueryRunner): Promise<void> {
    await q.dropTable("audit");
  }
}

function pick(ok: unknown): { affectedRows: number; insertId: number } {
  const { affectedRows, insertId } = ok as { affectedRows: number; insertId: number };
  return { affectedRows, insertId };
}

/** The statements `migration:generate` would write. */
async function pending(ds: DataSource): Promise<string[]> {
  return (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
}

e2eSuite("TypeORM works unmodified", async ({ port, step }) => {
  const setup = await connect(port);
  await setup.query(`DROP DATABASE IF EXISTS ${DB}`);
  await setup.query(`CREATE DATABASE ${DB}`);
  const ds = dataSource(port);
  await ds.initialize();
  try {
    await step("synchronize() creates tables, keys and foreign keys", async () => {
      assert.ok((await pending(ds)).some((q) => q.startsWith("CREATE TABLE `users`")));
      await ds.synchronize();
      const columns = await rows<{ c: string; t: string; k: string }>(
        setup,
        `SELECT COLUMN_NAME AS c, COLUMN_TYPE AS t, COLUMN_KEY AS k FROM information_schema.COLUMNS
         WHERE TABLE_SCHEMA = '${DB}' AND TABLE_NAME = 'users' ORDER BY ORDINAL_POSITION`,
      );
      assert.deepEqual(columns.map((r) => [r.c, r.t, r.k]), [
        ["id", "int", "PRI"],
        ["email", "varchar(120)", "UNI"],
        ["name", "varchar(100)", "MUL"],
        ["age", "int", ""],
        ["balance", "decimal(10,2)", ""],
        ["kind", "enum('a','b')", ""],
        ["data", "json", ""],
        ["created", "datetime(6)", ""],
        ["updated", "timestamp(6)", ""],
      ]);
      const fks = await rows<{ t: string; c: string; rt: string; rc: string; d: string }>(
        setup,
        `SELECT k.TABLE_NAME AS t, k.COLUMN_NAME AS c, k.REFERENCED_TABLE_NAME AS rt,
           k.REFERENCED_COLUMN_NAME AS rc, r.DELETE_RULE AS d
         FROM information_schema.KEY_COLUMN_USAGE k
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r
           ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
         WHERE k.TABLE_SCHEMA = '${DB}' ORDER BY k.TABLE_NAME, k.COLUMN_NAME`,
      );
      assert.deepEqual(fks.map((r) => [r.t, r.c, r.rt, r.rc, r.d]), [
        ["posts", "authorId", "users", "id", "CASCADE"],
        ["posts_tags_tags", "postsId", "posts", "id", "CASCADE"],
        ["posts_tags_tags", "tagsId", "tags", "id", "CASCADE"],
      ]);
    });

    await step("after synchronize the schema diff is empty; a second sync is a no-op", async () => {
      assert.deepEqual(await pending(ds), []);
      await ds.synchronize();
      assert.deepEqual(await pending(ds), []);
    });

    await step(
      "a changed entity: the diff is exactly the change, and empty once applied",
      async () => {
        const next = dataSource(port, true);
        await next.initialize();
        try {
          assert.deepEqual(await pending(next), [
            "ALTER TABLE `users` ADD `nickname` varchar(50) NULL",
            "CREATE INDEX `IDX_nickname` ON `users` (`nickname`)",
          ]);
          await next.synchronize();
          assert.deepEqual(await pending(next), []);
        } finally {
          await next.destroy();
        }
      },
    );

    await step("migrations run, are recorded, inspect back and undo", async () => {
      const migrating = new DataSource({
        ...server(port),
        migrations: [AddAudit1700000000001],
        migrationsTransactionMode: "each",
        logging: false,
      });
      await migrating.initialize();
      try {
        const ran = await migrating.runMigrations();
        assert.deepEqual(ran.map((m) => m.name), ["AddAudit1700000000001"]);
        assert.equal(await migrating.showMigrations(), false);
        const q = migrating.createQueryRunner();
        const audit = await q.getTable("audit");
        assert.deepEqual(audit?.columns.map((c) => c.name), ["id", "userId", "what", "remark"]);
        assert.deepEqual(audit?.foreignKeys.map((f) => [f.referencedTableName, f.onDelete]), [
          ["users", "CASCADE"],
        ]);
        assert.ok(audit?.indices.some((i) => i.name === "IDX_audit_what"));
        await q.release();
        await migrating.undoLastMigration();
        assert.equal(await migrating.createQueryRunner().hasTable("audit"), false);
      } finally {
        await migrating.destroy();
      }
    });

    await step("save with relations, find with relations, query builder with a page", async () => {
      const users = ds.getRepository("User");
      const ann = await users.save({ email: "ann@x", name: "Ann", data: { k: [1] } });
      assert.equal(ann.id, 1);
      assert.equal(ann.balance, "0.00");
      const tag = await ds.getRepository("Tag").save({ name: "news" });
      await ds.getRepository("Post").save([
        { title: "first", author: ann, tags: [tag] },
        { title: "second", author: ann },
      ]);
      const loaded = await users.find({
        relations: { posts: { tags: true } },
        order: { posts: { id: "ASC" } },
      });
      assert.equal(loaded.length, 1);
      assert.deepEqual(loaded[0]!.data, { k: [1] });
      assert.deepEqual(
        loaded[0]!.posts.map((p: Row) => [p.title, p.published, p.tags.map((t: Row) => t.name)]),
        [["first", false, ["news"]], ["second", false, []]],
      );
      assert.match(loaded[0]!.posts[0].uuid, /^[0-9a-f-]{36}$/);
      const [page, total] = await ds.getRepository("Post").createQueryBuilder("p")
        .leftJoinAndSelect("p.author", "a")
        .where("a.email = :email", { email: "ann@x" })
        .orderBy("p.id", "DESC").skip(0).take(1).getManyAndCount();
      assert.equal(total, 2);
      assert.deepEqual(page.map((p: Row) => [p.title, p.author.name]), [["second", "Ann"]]);
    });

    await step("transactions roll back (manager and query runner)", async () => {
      await assert.rejects(
        ds.transaction(async (m) => {
          await m.save("User", { email: "gone@x" });
          throw new Error("boom");
        }),
        /boom/,
      );
      const qr = ds.createQueryRunner();
      await qr.connect();
      await qr.startTransaction("SERIALIZABLE");
      await qr.manager.save("User", { email: "also-gone@x" });
      await qr.rollbackTransaction();
      await qr.release();
      await ds.transaction(async (m) => {
        await m.save("User", { email: "kept@x" });
      });
      const emails = (await ds.getRepository("User").find({ order: { id: "ASC" } }))
        .map((u: Row) => u.email);
      assert.deepEqual(emails, ["ann@x", "kept@x"]);
    });

    await step("upsert() on an existing row updates it (the OK packet names the row)", async () => {
      await ds.getRepository("User").upsert([{ email: "ann@x", name: "Ann B" }], ["email"]);
      const ann = await ds.getRepository("User").findOneBy({ email: "ann@x" });
      assert.equal(ann?.name, "Ann B");
      // What TypeORM reads: an ON DUPLICATE KEY UPDATE that updated a row reports its id,
      // one that changed nothing reports 0.
      const sql = `INSERT INTO ${DB}.users (email, name) VALUES ('kept@x', ?)
        ON DUPLICATE KEY UPDATE name = VALUES(name)`;
      const kept = await ds.getRepository("User").findOneBy({ email: "kept@x" });
      const [updated] = await setup.query(sql, ["K"]);
      assert.deepEqual(pick(updated), { affectedRows: 2, insertId: kept?.id });
      const [unchanged] = await setup.query(sql, ["K"]);
      assert.deepEqual(pick(unchanged), { affectedRows: 1, insertId: 0 });
    });

    await step("a duplicate is ER_DUP_ENTRY; deleting a user cascades to posts", async () => {
      await assert.rejects(
        ds.getRepository("User").insert({ email: "ann@x" }),
        (e: Error & { code?: string }) => e.code === "ER_DUP_ENTRY",
      );
      await ds.getRepository("User").delete({ email: "ann@x" });
      assert.equal(await ds.getRepository("Post").count(), 0);
    });
  } finally {
    await ds.destroy();
    await setup.end();
  }
});
