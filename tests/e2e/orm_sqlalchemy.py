"""SQLAlchemy 2 (PyMySQL) against a MySQL server: create_all twice, reflection through
inspect(engine), ORM sessions with commit, rollback and savepoints, cascades, drop_all.

Usage: python orm_sqlalchemy.py PORT DATABASE
Prints one JSON line per check: {"name": ..., "ok": true} or {"name": ..., "ok": false,
"error": ...}; orm_sqlalchemy_test.ts turns each into a test step.
"""

import datetime
import decimal
import json
import sys
import traceback

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship

PORT = int(sys.argv[1])
DB = sys.argv[2]


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str | None] = mapped_column(String(100), index=True)
    score: Mapped[decimal.Decimal] = mapped_column(Numeric(10, 2), default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    kind: Mapped[str] = mapped_column(Enum("a", "b", name="kind"), default="a")
    created: Mapped[datetime.datetime] = mapped_column(DateTime, server_default=func.now())
    data = mapped_column(JSON, nullable=True)
    posts = relationship("Post", back_populates="author", cascade="all, delete-orphan")


class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    body = mapped_column(Text)
    blob = mapped_column(LargeBinary)
    big = mapped_column(BigInteger)
    ratio = mapped_column(Float)
    day = mapped_column(Date)
    author = relationship("User", back_populates="posts")
    __table_args__ = (
        UniqueConstraint("author_id", "title", name="uq_author_title"),
        Index("ix_title_day", "title", "day"),
    )


def check(name, fn):
    try:
        fn()
        print(json.dumps({"name": name, "ok": True}), flush=True)
    except Exception as e:  # noqa: BLE001 - every failure is reported, not raised
        error = f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=3)}"
        print(json.dumps({"name": name, "ok": False, "error": error}), flush=True)


def eq(actual, expected):
    assert actual == expected, f"expected {expected!r}, got {actual!r}"


root = create_engine(f"mysql+pymysql://root:@127.0.0.1:{PORT}/")
with root.connect() as c:
    c.execute(text(f"DROP DATABASE IF EXISTS {DB}"))
    c.execute(text(f"CREATE DATABASE {DB}"))
root.dispose()
engine = create_engine(f"mysql+pymysql://root:@127.0.0.1:{PORT}/{DB}")


def create_all_twice():
    Base.metadata.create_all(engine)
    Base.metadata.create_all(engine)
    eq(sorted(inspect(engine).get_table_names()), ["posts", "users"])


def reflect_columns():
    cols = {c["name"]: c for c in inspect(engine).get_columns("users")}
    eq(list(cols), ["id", "email", "name", "score", "active", "kind", "created", "data"])
    eq(cols["id"]["autoincrement"], True)
    eq(cols["email"]["nullable"], False)
    eq(str(cols["email"]["type"]), "VARCHAR(120)")
    eq(str(cols["score"]["type"]), "DECIMAL(10, 2)")
    eq(cols["kind"]["type"].enums, ["a", "b"])
    assert cols["created"]["default"] is not None, cols["created"]
    posts = {c["name"]: str(c["type"]) for c in inspect(engine).get_columns("posts")}
    eq(posts["blob"], "BLOB")
    eq(posts["big"], "BIGINT")
    eq(posts["day"], "DATE")


def reflect_keys():
    ins = inspect(engine)
    eq(ins.get_pk_constraint("posts")["constrained_columns"], ["id"])
    fks = ins.get_foreign_keys("posts")
    eq(len(fks), 1)
    eq(fks[0]["constrained_columns"], ["author_id"])
    eq(fks[0]["referred_table"], "users")
    eq(fks[0]["referred_columns"], ["id"])
    eq(fks[0]["options"].get("ondelete"), "CASCADE")
    indexes = {i["name"]: (i["column_names"], i["unique"]) for i in ins.get_indexes("posts")}
    eq(indexes["ix_title_day"], (["title", "day"], False))
    eq(indexes["uq_author_title"], (["author_id", "title"], True))
    uniques = ins.get_unique_constraints("posts")
    eq([(u["name"], u["column_names"]) for u in uniques], [("uq_author_title", ["author_id", "title"])])
    users = {i["name"]: (i["column_names"], i["unique"]) for i in ins.get_indexes("users")}
    eq(users["ix_users_name"], (["name"], False))
    eq(users["email"], (["email"], True))
    eq(ins.has_table("posts"), True)
    eq(ins.has_table("nope"), False)
    assert DB in ins.get_schema_names()


def metadata_reflect():
    md = MetaData()
    md.reflect(engine)
    eq(sorted(md.tables), ["posts", "users"])
    fk = next(iter(md.tables["posts"].c.author_id.foreign_keys))
    eq(fk.target_fullname, "users.id")


def orm_round_trip():
    with Session(engine) as s:
        u = User(email="ann@x", name="Ann", data={"k": [1, 2]})
        u.posts.append(
            Post(title="p1", blob=b"\x00\x01", big=2**40, ratio=1.5, day=datetime.date(2020, 1, 2))
        )
        s.add(u)
        s.commit()
    with Session(engine) as s:
        u = s.scalars(select(User).where(User.email == "ann@x")).one()
        eq((u.id, u.score, u.active, u.kind, u.data), (1, decimal.Decimal("0.00"), True, "a", {"k": [1, 2]}))
        assert isinstance(u.created, datetime.datetime), u.created
        p = u.posts[0]
        eq((p.title, p.blob, p.big, p.ratio, p.day), ("p1", b"\x00\x01", 2**40, 1.5, datetime.date(2020, 1, 2)))


def rollback():
    with Session(engine) as s:
        s.add(User(email="gone@x"))
        s.flush()
        s.rollback()
        eq(s.scalar(select(func.count()).select_from(User).where(User.email == "gone@x")), 0)


def savepoint():
    with Session(engine) as s:
        s.add(User(email="kept@x"))
        try:
            with s.begin_nested():
                s.add(User(email="ann@x"))
                s.flush()
            raise AssertionError("the duplicate email was accepted")
        except IntegrityError as e:
            eq(e.orig.args[0], 1062)
        s.commit()
        emails = s.scalars(select(User.email).order_by(User.id)).all()
        eq(emails, ["ann@x", "kept@x"])


def cascade_and_drop():
    with Session(engine) as s:
        s.delete(s.scalars(select(User).where(User.email == "ann@x")).one())
        s.commit()
        eq(s.scalar(select(func.count()).select_from(Post)), 0)
    Base.metadata.drop_all(engine)
    eq(inspect(engine).get_table_names(), [])


check("create_all twice creates both tables and the second is a no-op", create_all_twice)
check("inspect: get_columns gives names, types, nullability, autoincrement, defaults", reflect_columns)
check("inspect: primary key, foreign key with ON DELETE, indexes, unique constraints", reflect_keys)
check("MetaData.reflect() rebuilds the tables with their foreign key", metadata_reflect)
check("ORM: rows round-trip with every type", orm_round_trip)
check("ORM: Session.rollback() discards flushed rows", rollback)
check("ORM: a failed begin_nested() rolls back to its savepoint, the rest commits", savepoint)
check("ORM: deleting a user cascades, drop_all() drops everything", cascade_and_drop)
engine.dispose()
