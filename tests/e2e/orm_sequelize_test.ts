/**
 * Sequelize 6 (mysql2 dialect) unmodified against a node: `sync()` and `sync({ alter: true })`
 * (which reads SHOW FULL COLUMNS, SHOW INDEX and INFORMATION_SCHEMA.KEY_COLUMN_USAGE and
 * re-issues every column), associations with foreign keys, eager loading, findAndCountAll,
 * upsert, managed transactions, unique and foreign-key errors, ON DELETE CASCADE.
 */
import assert from "node:assert/strict";
import { DataTypes, Op, Sequelize } from "sequelize";
import { connect, rows } from "./support/connect.ts";
import { e2eSuite } from "./support/suite.ts";

const DB = "e2e_sequelize";

/** The models, defined on `s`; `extra` adds a column, as a later version of the app would. */
function defineModels(s: Sequelize, extra = false) {
  const User = s.define("User", {
    name: { type: DataTypes.STRING(80), allowNull: false },
    age: DataTypes.INTEGER,
    active: { type: DataTypes.BOOLEAN, defaultValue: true },
    ...(extra ? { nickname: DataTypes.STRING(40) } : {}),
    // A column-level `unique: true` would gain a second UNIQUE key at every alter sync, on
    // MySQL too (Sequelize re-adds it in CHANGE COLUMN): apps declare it as an index.
  }, { indexes: [{ name: "users_name", unique: true, fields: ["name"] }] });
  const Post = s.define("Post", {
    title: { type: DataTypes.STRING(200), allowNull: false },
    body: DataTypes.TEXT,
    score: DataTypes.DECIMAL(10, 2),
    meta: DataTypes.JSON,
  }, { indexes: [{ name: "posts_title", fields: ["title"] }] });
  const Tag = s.define("Tag", { label: DataTypes.STRING(40) });
  User.hasMany(Post, { foreignKey: { name: "userId", allowNull: false }, onDelete: "CASCADE" });
  Post.belongsTo(User, { foreignKey: "userId" });
  Post.belongsToMany(Tag, { through: "PostTags" });
  Tag.belongsToMany(Post, { through: "PostTags" });
  return { User, Post, Tag };
}

e2eSuite("Sequelize works unmodified", async ({ port, step }) => {
  const setup = await connect(port);
  await setup.query(`DROP DATABASE IF EXISTS ${DB}`);
  await setup.query(`CREATE DATABASE ${DB}`);
  const s = new Sequelize(DB, "root", "", {
    host: "127.0.0.1",
    port,
    dialect: "mysql",
    logging: false,
  });
  const { User, Post, Tag } = defineModels(s);
  // The lines of SHOW CREATE TABLE, sorted: InnoDB may list keys in another order after ALTER.
  const showCreate = async (table: string) =>
    (await rows<{ "Create Table": string }>(setup, `SHOW CREATE TABLE ${DB}.${table}`))[0]![
      "Create Table"
    ].split("\n").map((line) => line.replace(/,$/, "")).sort();
  try {
    await step("sync() creates the tables with their keys", async () => {
      await s.sync();
      const tables = await rows<{ t: string }>(
        setup,
        `SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${DB}'
         ORDER BY TABLE_NAME`,
      );
      assert.deepEqual(tables.map((r) => r.t), ["Posts", "PostTags", "Tags", "Users"]);
      const posts = await s.getQueryInterface().describeTable("Posts");
      assert.deepEqual(Object.keys(posts), [
        "id",
        "title",
        "body",
        "score",
        "meta",
        "createdAt",
        "updatedAt",
        "userId",
      ]);
      assert.equal(posts.id?.primaryKey, true);
      assert.equal(posts.id?.autoIncrement, true);
      assert.equal(posts.title?.allowNull, false);
      assert.match(posts.score?.type ?? "", /^DECIMAL\(10,\s?2\)$/);
      const fks =
        (await s.getQueryInterface().getForeignKeyReferencesForTable("PostTags")) as Array<
          { columnName: string; referencedTableName: string; referencedColumnName: string }
        >;
      assert.deepEqual(
        fks.map((f) => [f.columnName, f.referencedTableName, f.referencedColumnName]).sort(),
        [["PostId", "Posts", "id"], ["TagId", "Tags", "id"]],
      );
      const indexes = (await s.getQueryInterface().showIndex("Posts")) as Array<{ name: string }>;
      assert.ok(indexes.some((i) => i.name === "posts_title"), JSON.stringify(indexes));
    });

    await step("sync({ alter: true }) twice changes nothing and fails nowhere", async () => {
      const before = await Promise.all(["Users", "Posts", "PostTags"].map(showCreate));
      await s.sync({ alter: true });
      await s.sync({ alter: true });
      const after = await Promise.all(["Users", "Posts", "PostTags"].map(showCreate));
      assert.deepEqual(after, before);
    });

    await step("create, eager loading, findAndCountAll, many-to-many", async () => {
      const ann = await User.create({ name: "ann", age: 30 });
      const post = await Post.create({
        title: "hello",
        userId: ann.get("id"),
        score: 1.5,
        meta: { a: [1, 2] },
      });
      await Post.create({ title: "world", userId: ann.get("id") });
      const tag = await Tag.create({ label: "news" });
      // deno-lint-ignore no-explicit-any
      await (post as any).addTag(tag);
      const users = await User.findAll({ include: [{ model: Post, include: [Tag] }] });
      assert.equal(users.length, 1);
      const loaded = users[0]!.toJSON() as {
        Posts: Array<{ title: string; score: string | null; meta: unknown; Tags: unknown[] }>;
      };
      const hello = loaded.Posts.find((p) => p.title === "hello")!;
      assert.equal(hello.score, "1.50");
      assert.deepEqual(hello.meta, { a: [1, 2] });
      assert.equal(hello.Tags.length, 1);
      const page = await Post.findAndCountAll({
        where: { title: { [Op.like]: "%o%" } },
        include: User,
        order: [["id", "ASC"]],
        limit: 1,
      });
      assert.equal(page.count, 2);
      assert.equal(page.rows.length, 1);
      assert.equal(page.rows[0]!.get("title"), "hello");
    });

    await step("upsert inserts then updates by the unique key", async () => {
      await User.upsert({ name: "bob", age: 1 });
      await User.upsert({ name: "bob", age: 2 });
      const bobs = await User.findAll({ where: { name: "bob" } });
      assert.equal(bobs.length, 1);
      assert.equal(bobs[0]!.get("age"), 2);
    });

    await step("a managed transaction rolls back on error and commits otherwise", async () => {
      await assert.rejects(
        s.transaction(async (transaction) => {
          await User.create({ name: "rolled-back" }, { transaction });
          throw new Error("boom");
        }),
        /boom/,
      );
      assert.equal(await User.count({ where: { name: "rolled-back" } }), 0);
      await s.transaction(async (transaction) => {
        await User.create({ name: "committed" }, { transaction });
      });
      assert.equal(await User.count({ where: { name: "committed" } }), 1);
    });

    await step("unique and foreign-key violations are Sequelize's error classes", async () => {
      await assert.rejects(User.create({ name: "ann" }), {
        name: "SequelizeUniqueConstraintError",
      });
      await assert.rejects(
        Post.create({ title: "orphan", userId: 999 }),
        { name: "SequelizeForeignKeyConstraintError" },
      );
    });

    await step("a new model column: sync({ alter: true }) adds it, rows stay", async () => {
      const s2 = new Sequelize(DB, "root", "", {
        host: "127.0.0.1",
        port,
        dialect: "mysql",
        logging: false,
      });
      try {
        const models = defineModels(s2, true);
        await s2.sync({ alter: true });
        const users = await s2.getQueryInterface().describeTable("Users");
        assert.ok("nickname" in users, Object.keys(users).join());
        await models.User.update({ nickname: "annie" }, { where: { name: "ann" } });
        const ann = await models.User.findOne({ where: { name: "ann" }, include: models.Post });
        assert.equal(ann?.get("nickname"), "annie");
        assert.equal((ann?.get("Posts") as unknown[]).length, 2);
      } finally {
        await s2.close();
      }
    });

    await step("destroying a user cascades to its posts; drop() removes every table", async () => {
      await User.destroy({ where: { name: "ann" } });
      assert.equal(await Post.count(), 0);
      await s.drop();
      const left = await rows(
        setup,
        `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${DB}'`,
      );
      assert.deepEqual(left, []);
    });
  } finally {
    await s.close();
    await setup.end();
  }
});
