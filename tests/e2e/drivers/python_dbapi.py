"""Python DB-API drivers against a MySQL server: connect (no password, a password with
mysql_native_password and caching_sha2_password, a wrong one), every column type through the
text protocol and (Connector/Python) server-side prepared statements, NULLs, executemany,
transactions, error codes, cursor.description and metadata queries, connection commands.

Usage: python python_dbapi.py DRIVER PORT DATABASE (user `app` has the password in $APP_PASSWORD)
DRIVER: connector (mysql-connector-python, pure Python), connector-c (its C extension),
mysqldb (mysqlclient / MySQLdb, on libmariadb).
Prints one JSON line per check: {"name": ..., "ok": true} or {..., "ok": false, "error": ...}.
"""
import datetime
import decimal
import json
import os
import sys
import traceback

DRIVER, PORT, DB = sys.argv[1], int(sys.argv[2]), sys.argv[3]
APP_PASSWORD = os.environ.get("APP_PASSWORD", "s3cret-pw")

if DRIVER.startswith("connector"):
    import mysql.connector as drv
    from mysql.connector import errors as drv_errors

    def connect(user="root", password="", database=None, **kw):
        args = dict(host="127.0.0.1", port=PORT, user=user, password=password,
                    use_pure=(DRIVER == "connector"), **kw)
        if database:
            args["database"] = database
        return drv.connect(**args)

    def errno(e):
        return e.errno

    def sqlstate(e):
        return e.sqlstate
else:
    import MySQLdb as drv

    def connect(user="root", password="", database=None, **kw):
        args = dict(host="127.0.0.1", port=PORT, user=user, password=password, charset="utf8mb4", **kw)
        if database:
            args["database"] = database
        return drv.connect(**args)

    def errno(e):
        return e.args[0]

    def sqlstate(e):
        return None


def check(name):
    def wrap(fn):
        try:
            fn()
            print(json.dumps({"name": name, "ok": True}), flush=True)
        except Exception:  # noqa: BLE001 - every failure is reported
            print(json.dumps({"name": name, "ok": False, "error": traceback.format_exc()}), flush=True)
        return fn
    return wrap


def eq(actual, expected, what=""):
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


ROW = dict(
    ti=-128, si=-32768, mi=8388607, i=-2147483648, bi=-9223372036854775808,
    ubi=18446744073709551615, ui=4294967295,
    f=1.5, d=3.141592653589793, dec=decimal.Decimal("12345.67"),
    vc="héllo wörld ✓ 😀", ch="abc", tx="long text " * 50,
    bl=bytes(range(256)), vb=b"\x00\x01\xff",
    dt=datetime.date(2024, 2, 29), dtm=datetime.datetime(2024, 1, 2, 3, 4, 5),
    dtm6=datetime.datetime(2024, 1, 2, 3, 4, 5, 123456), ts=datetime.datetime(2023, 12, 31, 23, 59, 59),
    tm=datetime.timedelta(hours=838, minutes=59, seconds=59), yr=2024,
    en="b", js='{"a": [1, 2, "x"]}', bo=1, nul=None,
)
COLS = list(ROW)


@check("connect as root with an empty password")
def _():
    c = connect()
    cur = c.cursor()
    cur.execute("SELECT VERSION(), DATABASE(), CURRENT_USER()")
    v, db, user = cur.fetchone()
    assert v.startswith(("8.", "10.", "11.")), v
    assert user.startswith("root@"), user
    cur.execute(f"DROP DATABASE IF EXISTS {DB}")
    cur.execute(f"CREATE DATABASE {DB}")
    c.close()


@check("connect as a user with a password (default plugin)")
def _():
    c = connect("app", APP_PASSWORD, DB)
    cur = c.cursor()
    cur.execute("SELECT CURRENT_USER(), DATABASE()")
    r = cur.fetchone(); assert r[0].startswith("app@") and r[1] == DB, r
    c.close()


@check("a wrong password is refused with 1045")
def _():
    try:
        connect("app", "wrong", DB)
    except drv.Error as e:
        eq(errno(e), 1045, "errno")
        return
    raise AssertionError("connected with a wrong password")


if DRIVER.startswith("connector"):
    @check("caching_sha2_password user login (auth_plugin)")
    def _():
        for i in range(2):
            c = connect("app", APP_PASSWORD, DB, auth_plugin="caching_sha2_password")
            cur = c.cursor()
            cur.execute("SELECT 1")
            eq(cur.fetchone(), (1,))
            c.close()

    @check("mysql_native_password user login (auth_plugin)")
    def _():
        c = connect("app", APP_PASSWORD, DB, auth_plugin="mysql_native_password")
        cur = c.cursor()
        cur.execute("SELECT 1")
        eq(cur.fetchone(), (1,))
        c.close()

conn = connect(database=DB)


@check("CREATE TABLE with varied MySQL types")
def _():
    cur = conn.cursor()
    cur.execute("""
      CREATE TABLE types (
        id INT AUTO_INCREMENT PRIMARY KEY,
        ti TINYINT, si SMALLINT, mi MEDIUMINT, i INT, bi BIGINT,
        ubi BIGINT UNSIGNED, ui INT UNSIGNED,
        f FLOAT, d DOUBLE, `dec` DECIMAL(10,2),
        vc VARCHAR(100), ch CHAR(10), tx TEXT, bl BLOB, vb VARBINARY(16),
        dt DATE, dtm DATETIME, dtm6 DATETIME(6), ts TIMESTAMP NULL, tm TIME, yr YEAR,
        en ENUM('a','b','c'), js JSON, bo BOOLEAN, nul VARCHAR(5) NULL,
        UNIQUE KEY uq_vc (vc)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4""")
    cur.close()


def check_row(row, where):
    got = dict(zip(["id"] + COLS, row))
    for k in COLS:
        exp = ROW[k]
        val = got[k]
        if isinstance(val, (bytearray,)):
            val = bytes(val)
        if k == "f":
            exp = float(exp)
        if k == "js" and isinstance(val, (bytes, str)):
            val = json.loads(val)
            exp = json.loads(exp)
        if k == "en" and isinstance(val, set):
            val = "".join(val)
        if isinstance(val, bytes) and isinstance(exp, str):
            val = val.decode()
        if k == "tm" and not isinstance(val, datetime.timedelta):
            raise AssertionError(f"{where} {k}: {val!r}")
        if val != exp:
            raise AssertionError(f"{where} column {k}: expected {exp!r}, got {val!r} ({type(val).__name__})")


@check("text protocol: insert with client-side parameters and read back")
def _():
    cur = conn.cursor()
    cur.execute(f"INSERT INTO types ({', '.join('`'+c+'`' for c in COLS)}) VALUES ({', '.join(['%s'] * len(COLS))})",
                [ROW[c] for c in COLS])
    eq(cur.rowcount, 1, "rowcount")
    eq(cur.lastrowid, 1, "lastrowid")
    conn.commit()
    cur.execute(f"SELECT id, {', '.join('`'+c+'`' for c in COLS)} FROM types WHERE id = 1")
    check_row(cur.fetchone(), "text")


if DRIVER.startswith("connector"):
    @check("prepared statements (server-side): every parameter type, read back in binary")
    def _():
        cur = conn.cursor(prepared=True)
        row = dict(ROW, vc="prepared ✓ 😀")
        cur.execute(f"INSERT INTO types ({', '.join('`'+c+'`' for c in COLS)}) VALUES ({', '.join(['%s'] * len(COLS))})",
                    [row[c] for c in COLS])
        eq(cur.rowcount, 1, "rowcount")
        new_id = cur.lastrowid
        eq(new_id, 2, "lastrowid")
        conn.commit()
        # YEAR is left out: Connector/Python (pure) reads a binary YEAR as a length-prefixed
        # string, not MySQL's 2-byte integer, and fails against MySQL too.
        cur.execute(f"SELECT id, {', '.join('`'+c+'`' if c != 'yr' else '2024' for c in COLS)} FROM types WHERE id = %s", (new_id,))
        r = cur.fetchone()
        ROW["vc"], save = "prepared ✓ 😀", ROW["vc"]
        try:
            check_row(r, "binary")
        finally:
            ROW["vc"] = save
        cur.close()

    @check("prepared statements: NULL of every type and re-execution")
    def _():
        cur = conn.cursor(prepared=True)
        sql = f"INSERT INTO types ({', '.join('`'+c+'`' for c in COLS)}) VALUES ({', '.join(['%s'] * len(COLS))})"
        cur.execute(sql, [None] * len(COLS))
        cur.execute(sql, [None] * (len(COLS) - 1) + ["x"])
        cur.execute("SELECT COUNT(*) FROM types WHERE ti IS NULL AND vc IS NULL")
        eq(cur.fetchone(), (2,))
        cur.execute("SELECT ti, ubi, dtm, tm, bl FROM types WHERE id = %s", (4,))
        eq(cur.fetchone(), (None, None, None, None, None))
        conn.commit()

    @check("prepared statements: parameters in WHERE with each type")
    def _():
        cur = conn.cursor(prepared=True)
        for col, val in [("ubi", 18446744073709551615), ("bi", -9223372036854775808), ("dec", decimal.Decimal("12345.67")),
                         ("d", 3.141592653589793), ("dt", datetime.date(2024, 2, 29)),
                         ("dtm", datetime.datetime(2024, 1, 2, 3, 4, 5)), ("bl", bytes(range(256))),
                         ("vc", "héllo wörld ✓ 😀"), ("tm", datetime.timedelta(hours=838, minutes=59, seconds=59))]:
            cur.execute(f"SELECT id FROM types WHERE `{col}` = %s ORDER BY id", (val,))
            ids = [r[0] for r in cur.fetchall()]
            if 1 not in ids:
                raise AssertionError(f"WHERE {col} = {val!r} found {ids}")
        cur.execute("SELECT %s, %s, %s, %s, %s", (1, "two", 3.5, None, decimal.Decimal("1.25")))
        r = cur.fetchone()
        eq(r[0], 1, "int param echo")
        eq(r[1], "two", "str param echo")
        eq(r[2], 3.5, "float echo")
        eq(r[3], None, "null echo")
        eq(decimal.Decimal(str(r[4])), decimal.Decimal("1.25"), "decimal echo")

    @check("executemany (batched INSERT) and cursor(dictionary=True)")
    def _():
        cur = conn.cursor()
        cur.execute("CREATE TABLE kv (k VARCHAR(20) PRIMARY KEY, v INT UNSIGNED NOT NULL)")
        cur.executemany("INSERT INTO kv (k, v) VALUES (%s, %s)", [(f"k{i}", i) for i in range(50)])
        eq(cur.rowcount, 50, "executemany rowcount")
        conn.commit()
        dcur = conn.cursor(dictionary=True)
        dcur.execute("SELECT k, v FROM kv WHERE v < 2 ORDER BY v")
        eq(dcur.fetchall(), [{"k": "k0", "v": 0}, {"k": "k1", "v": 1}])
        pcur = conn.cursor(prepared=True)
        pcur.executemany("INSERT INTO kv (k, v) VALUES (?, ?)", [(f"p{i}", i) for i in range(5)])
        conn.commit()
        cur.execute("SELECT COUNT(*) FROM kv")
        eq(cur.fetchone(), (55,))
else:
    @check("executemany (batched INSERT) and DictCursor")
    def _():
        import MySQLdb.cursors
        cur = conn.cursor()
        cur.execute("CREATE TABLE kv (k VARCHAR(20) PRIMARY KEY, v INT UNSIGNED NOT NULL)")
        cur.executemany("INSERT INTO kv (k, v) VALUES (%s, %s)", [(f"k{i}", i) for i in range(50)])
        eq(cur.rowcount, 50, "executemany rowcount")
        conn.commit()
        dcur = conn.cursor(MySQLdb.cursors.DictCursor)
        dcur.execute("SELECT k, v FROM kv WHERE v < 2 ORDER BY v")
        eq(list(dcur.fetchall()), [{"k": "k0", "v": 0}, {"k": "k1", "v": 1}])
        scur = conn.cursor(MySQLdb.cursors.SSCursor)
        scur.execute("SELECT k FROM kv ORDER BY v")
        eq(len(list(scur)), 50, "server-side (unbuffered) cursor rows")


@check("transactions: rollback and commit")
def _():
    if DRIVER.startswith("connector"):
        conn.autocommit = False
    else:
        conn.autocommit(False)
    cur = conn.cursor()
    cur.execute("CREATE TABLE tx (id INT PRIMARY KEY, v VARCHAR(10))")
    conn.commit()
    cur.execute("INSERT INTO tx VALUES (1, 'a')")
    conn.rollback()
    cur.execute("SELECT COUNT(*) FROM tx")
    eq(cur.fetchone(), (0,))
    cur.execute("INSERT INTO tx VALUES (2, 'b')")
    conn.commit()
    other = connect(database=DB)
    ocur = other.cursor()
    ocur.execute("SELECT id, v FROM tx")
    eq(list(ocur.fetchall()), [(2, "b")])
    other.close()
    if DRIVER.startswith("connector"):
        conn.start_transaction(isolation_level="REPEATABLE READ")
        cur.execute("INSERT INTO tx VALUES (3, 'c')")
        conn.rollback()
        conn.autocommit = True
    else:
        conn.autocommit(True)


@check("error codes: 1062 duplicate key, 1064 syntax, 1146 unknown table, 1054 unknown column")
def _():
    cur = conn.cursor()
    cases = [
        ("INSERT INTO tx VALUES (2, 'dup')", 1062, "23000", drv.IntegrityError),
        ("SELEC 1", 1064, "42000", drv.ProgrammingError),
        ("SELECT * FROM no_such_table", 1146, "42S02", drv.ProgrammingError),
        ("SELECT nope FROM tx", 1054, "42S22", drv.OperationalError if DRIVER == "mysqldb" else drv.ProgrammingError),
    ]
    for sql, code, state, cls in cases:
        try:
            cur.execute(sql)
            cur.fetchall()
        except drv.Error as e:
            eq(errno(e), code, sql)
            if sqlstate(e) is not None:
                eq(sqlstate(e), state, sql)
            if not isinstance(e, cls):
                raise AssertionError(f"{sql}: {type(e).__name__}, expected {cls.__name__}")
            continue
        raise AssertionError(f"{sql} did not fail")
    cur.execute("SELECT 1")
    eq(list(cur.fetchall()), [(1,)])
    if DRIVER.startswith("connector"):
        pcur = conn.cursor(prepared=True)
        try:
            pcur.execute("INSERT INTO tx VALUES (?, ?)", (2, "dup"))
            raise AssertionError("prepared duplicate did not fail")
        except drv.IntegrityError as e:
            eq(errno(e), 1062, "prepared dup")
        try:
            pcur.execute("SELECT * FROM nope WHERE id = ?", (1,))
            raise AssertionError("prepare of unknown table did not fail")
        except drv.ProgrammingError as e:
            eq(errno(e), 1146, "prepared 1146")


@check("metadata: cursor.description types and flags, SHOW, INFORMATION_SCHEMA")
def _():
    cur = conn.cursor()
    cur.execute("SELECT id, ubi, vc, bl, dtm, `dec` FROM types LIMIT 1")
    cur.fetchall()
    desc = {d[0]: d for d in cur.description}
    if DRIVER.startswith("connector"):
        from mysql.connector import FieldType, FieldFlag
        eq(desc["id"][1], FieldType.LONG, "id type")
        eq(desc["ubi"][1], FieldType.LONGLONG, "ubi type")
        eq(desc["vc"][1], FieldType.VAR_STRING, "vc type")
        eq(desc["bl"][1], FieldType.BLOB, "bl type")
        eq(desc["dtm"][1], FieldType.DATETIME, "dtm type")
        eq(desc["dec"][1], FieldType.NEWDECIMAL, "dec type")
        assert desc["ubi"][7] & FieldFlag.UNSIGNED, "ubi unsigned flag"
        assert desc["id"][7] & FieldFlag.PRI_KEY, "id pri flag"
    else:
        from MySQLdb.constants import FIELD_TYPE
        eq(desc["id"][1], FIELD_TYPE.LONG, "id type")
        eq(desc["ubi"][1], FIELD_TYPE.LONGLONG, "ubi type")
        eq(desc["dec"][1], FIELD_TYPE.NEWDECIMAL, "dec type")
    cur.execute("SHOW TABLES")
    tables = sorted(r[0] for r in cur.fetchall())
    eq(tables, ["kv", "tx", "types"], "SHOW TABLES")
    cur.execute("SHOW COLUMNS FROM types")
    eq(len(cur.fetchall()), 1 + len(COLS), "SHOW COLUMNS")
    cur.execute("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE FROM INFORMATION_SCHEMA.COLUMNS "
                "WHERE TABLE_SCHEMA = %s AND TABLE_NAME = 'types' ORDER BY ORDINAL_POSITION", (DB,))
    rows = cur.fetchall()
    eq(rows[6][:2], ("ubi", "bigint"), "ubi column")
    assert rows[6][2] in ("bigint unsigned", "bigint(20) unsigned"), rows[6]
    cur.execute("SHOW VARIABLES LIKE 'character_set%'")
    assert len(cur.fetchall()) > 3
    cur.execute("SELECT @@session.transaction_isolation, @@autocommit, @@sql_mode, @@max_allowed_packet")
    cur.fetchall()
    cur.execute("SHOW CREATE TABLE kv")
    assert "CREATE TABLE" in cur.fetchone()[1]
    cur.execute("SHOW WARNINGS")
    cur.fetchall()


@check("connection API: ping, reconnect, change db, server info, charset")
def _():
    if DRIVER.startswith("connector"):
        conn.ping(reconnect=False)
        assert conn.is_connected()
        assert conn.get_server_info()[0].isdigit()
        conn.database = DB
        eq(conn.database, DB, "database")
        conn.cmd_init_db(DB)
        conn.set_charset_collation("utf8mb4", "utf8mb4_general_ci")
        cur = conn.cursor()
        cur.execute("SELECT @@character_set_client, @@collation_connection")
        eq(cur.fetchone(), ("utf8mb4", "utf8mb4_general_ci"), "charset")
        conn.cmd_reset_connection()
        conn.database = DB
        st = conn.cmd_statistics()
        assert "Uptime" in st, st
        conn.reset_session()
        cur = conn.cursor()
        cur.execute("SELECT 1")
        eq(list(cur.fetchall()), [(1,)])
    else:
        conn.ping()
        assert conn.get_server_info()[0].isdigit()
        conn.select_db(DB)
        eq(conn.character_set_name(), "utf8mb4", "charset")
        s = conn.stat()
        assert "Uptime" in s, s
        eq(conn.thread_id() > 0, True, "thread id")
        conn.set_character_set("utf8mb4")
        cur = conn.cursor()
        cur.execute("SELECT 'ü😀'")
        eq(cur.fetchone(), ("ü😀",))
        eq(conn.affected_rows() >= 0, True, "affected rows")
        conn.info()


@check("multi statements and stored warnings")
def _():
    cur = conn.cursor()
    if DRIVER.startswith("connector"):
        res = []
        for result in conn.cmd_query_iter("SELECT 1 AS a; SELECT 'x' AS b"):
            if "columns" in result:
                res.append(conn.get_rows()[0])
        eq(len(res), 2, "results")
    else:
        c2 = connect(database=DB, client_flag=(1 << 16))
        cur = c2.cursor()
        cur.execute("SELECT 1; SELECT 2")
        eq(cur.fetchall(), ((1,),))
        cur.nextset()
        eq(cur.fetchall(), ((2,),))
        c2.close()
    cur = conn.cursor()
    cur.execute("INSERT IGNORE INTO tx VALUES (2, 'dup')")
    cur.execute("SHOW WARNINGS")
    rows = cur.fetchall()
    eq(rows[0][1], 1062, "warning code")


@check("drop database")
def _():
    cur = conn.cursor()
    cur.execute(f"DROP DATABASE {DB}")
