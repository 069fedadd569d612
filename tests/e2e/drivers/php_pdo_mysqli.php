<?php
// PDO_MYSQL (emulated and real server-side prepares) and mysqli prepared statements with
// bind_param/bind_result/send_long_data against a MySQL server: every column type, NULLs,
// transactions, error codes and SQLSTATEs, column metadata, unbuffered and multiple results.
// Usage: php php_pdo_mysqli.php PORT DATABASE (user `app` has the password in $APP_PASSWORD);
// prints one JSON line per check.
$port = (int)$argv[1];
$db = $argv[2];
$appPassword = getenv("APP_PASSWORD") ?: "s3cret-pw";
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);

function check(string $name, callable $fn): void {
    try { $fn(); echo json_encode(["name" => $name, "ok" => true]), "\n"; }
    catch (Throwable $e) { echo json_encode(["name" => $name, "ok" => false, "error" => get_class($e) . ": " . $e->getMessage() . "\n" . $e->getTraceAsString()]), "\n"; }
}
function eq($actual, $expected, string $what = ""): void {
    if ($actual !== $expected) throw new Exception("$what: expected " . var_export($expected, true) . ", got " . var_export($actual, true));
}
function pdo(bool $emulate, string $user = "root", string $pw = "", ?string $dbname = null): PDO {
    global $port;
    $dsn = "mysql:host=127.0.0.1;port=$port;charset=utf8mb4" . ($dbname ? ";dbname=$dbname" : "");
    return new PDO($dsn, $user, $pw, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION, PDO::ATTR_EMULATE_PREPARES => $emulate,
        PDO::ATTR_STRINGIFY_FETCHES => false]);
}

$blob = ""; for ($i = 0; $i < 256; $i++) $blob .= chr($i);
$row = [
  "ti" => -128, "si" => -32768, "mi" => 8388607, "i" => -2147483648, "bi" => PHP_INT_MIN,
  "ubi" => "18446744073709551615", "ui" => 4294967295, "f" => 1.5, "d" => 3.25, "dec" => "12345.67",
  "vc" => "héllo wörld ✓ 😀", "ch" => "abc", "tx" => str_repeat("long text ", 50), "bl" => $blob, "vb" => "\x00\x01\xff",
  "dt" => "2024-02-29", "dtm" => "2024-01-02 03:04:05", "dtm6" => "2024-01-02 03:04:05.123456", "ts" => "2023-12-31 23:59:59",
  "tm" => "-838:59:59", "yr" => 2024, "en" => "b", "js" => '{"a": [1, 2, "x"]}', "bo" => 1, "nul" => null,
];
$cols = array_keys($row);
$colList = implode(", ", array_map(fn($c) => "`$c`", $cols));
$marks = implode(", ", array_fill(0, count($cols), "?"));

check("PDO connect as root with an empty password, create database", function () use ($db) {
    $p = pdo(false);
    eq(str_starts_with($p->getAttribute(PDO::ATTR_SERVER_VERSION), "8.") || str_contains($p->getAttribute(PDO::ATTR_SERVER_VERSION), "MariaDB"), true, "version");
    $p->exec("DROP DATABASE IF EXISTS `$db`");
    $p->exec("CREATE DATABASE `$db`");
});
check("PDO connect as a user with a password", function () use ($db, $appPassword) {
    $p = pdo(false, "app", $appPassword, $db);
    $r = $p->query("SELECT CURRENT_USER(), DATABASE()")->fetch(PDO::FETCH_NUM);
    eq(str_starts_with($r[0], "app@"), true, "user $r[0]");
    eq($r[1], $db, "db");
});
check("PDO wrong password gives 1045", function () use ($db) {
    try { pdo(false, "app", "nope", $db); } catch (PDOException $e) { eq($e->errorInfo[1] ?? $e->getCode(), 1045, "code"); return; }
    throw new Exception("connected");
});
check("CREATE TABLE with varied types", function () use ($db) {
    pdo(false, "root", "", $db)->exec("CREATE TABLE types (
        id INT AUTO_INCREMENT PRIMARY KEY, ti TINYINT, si SMALLINT, mi MEDIUMINT, i INT, bi BIGINT,
        ubi BIGINT UNSIGNED, ui INT UNSIGNED, f FLOAT, d DOUBLE, `dec` DECIMAL(10,2),
        vc VARCHAR(100), ch CHAR(10), tx TEXT, bl BLOB, vb VARBINARY(16),
        dt DATE, dtm DATETIME, dtm6 DATETIME(6), ts TIMESTAMP NULL, tm TIME, yr YEAR,
        en ENUM('a','b','c'), js JSON, bo BOOLEAN, nul VARCHAR(5) NULL, UNIQUE KEY (vc)) DEFAULT CHARSET=utf8mb4");
});

function checkRow(array $got, array $row, string $where, bool $native): void {
    foreach ($row as $k => $exp) {
        $v = $got[$k];
        if ($k === "js") { $v = json_decode($v, true); $exp = json_decode($exp, true); }
        if ($k === "f" || $k === "d") { $v = (float)$v; }
        if (!$native && is_int($exp)) { $v = is_string($v) ? (int)$v : $v; }
        if ($native && in_array($k, ["ti","si","mi","i","bi","ui","bo"]) && !is_int($v)) throw new Exception("$where $k: not an int: " . var_export($v, true));
        if ($v !== $exp && !(is_string($v) && (string)$exp === $v)) throw new Exception("$where $k: expected " . var_export($exp, true) . ", got " . var_export($v, true));
    }
}

foreach ([true, false] as $emulate) {
    $mode = $emulate ? "emulated prepares" : "server-side prepares";
    check("PDO $mode: insert every type with bound params, read back", function () use ($emulate, $db, $row, $cols, $colList, $marks, $mode) {
        $p = pdo($emulate, "root", "", $db);
        $r = $row; $r["vc"] .= " $mode";
        $st = $p->prepare("INSERT INTO types ($colList) VALUES ($marks)");
        $i = 1;
        foreach ($cols as $c) {
            $v = $r[$c];
            $type = $v === null ? PDO::PARAM_NULL : (is_int($v) ? PDO::PARAM_INT : ($c === "bl" || $c === "vb" ? PDO::PARAM_LOB : PDO::PARAM_STR));
            $st->bindValue($i++, $v, $type);
        }
        $st->execute();
        eq($st->rowCount(), 1, "rowCount");
        $id = (int)$p->lastInsertId();
        $q = $p->prepare("SELECT $colList FROM types WHERE id = ?");
        $q->execute([$id]);
        $got = $q->fetch(PDO::FETCH_ASSOC);
        checkRow($got, $r, $mode, !$emulate);
        // and every column used as a WHERE parameter
        foreach (["ubi", "bi", "dec", "d", "dt", "dtm", "dtm6", "tm", "bl", "vc", "en", "yr"] as $c) {
            $q = $p->prepare("SELECT id FROM types WHERE `$c` = ? AND id = ?");
            $q->bindValue(1, $r[$c], is_int($r[$c]) ? PDO::PARAM_INT : PDO::PARAM_STR);
            $q->bindValue(2, $id, PDO::PARAM_INT);
            $q->execute();
            eq($q->fetchAll(PDO::FETCH_COLUMN), [$emulate ? $id : $id], "WHERE $c");
        }
    });
    check("PDO $mode: NULLs, floats, re-execution, column meta", function () use ($emulate, $db) {
        $p = pdo($emulate, "root", "", $db);
        $st = $p->prepare("SELECT ? AS a, ? AS b, ? AS c, ? AS d");
        $st->execute([null, 1.25, "x", 42]);
        $r = $st->fetch(PDO::FETCH_NUM);
        eq($r[0], null, "null");
        eq((float)$r[1], 1.25, "float");
        eq($r[2], "x", "str");
        eq((int)$r[3], 42, "int");
        $st->execute([null, 2.5, "y", 43]);
        eq($st->fetch(PDO::FETCH_NUM)[2], "y", "re-exec");
        $q = $p->query("SELECT id, ubi, vc, bl, dtm, `dec` FROM types LIMIT 1");
        $meta = $q->getColumnMeta(1);
        eq($meta["native_type"], "LONGLONG", "ubi native_type");
        eq($q->getColumnMeta(5)["native_type"], "NEWDECIMAL", "dec native_type");
        eq($q->getColumnMeta(3)["native_type"], "BLOB", "bl native_type");
        eq(in_array("primary_key", $q->getColumnMeta(0)["flags"]), true, "pk flag");
        $q->fetchAll();
    });
    check("PDO $mode: transactions, error codes", function () use ($emulate, $db) {
        $p = pdo($emulate, "root", "", $db);
        $p->exec("CREATE TABLE IF NOT EXISTS tx (id INT PRIMARY KEY, v VARCHAR(10))");
        $p->exec("DELETE FROM tx");
        $p->beginTransaction();
        $p->prepare("INSERT INTO tx VALUES (?, ?)")->execute([1, "a"]);
        $p->rollBack();
        eq((int)$p->query("SELECT COUNT(*) FROM tx")->fetchColumn(), 0, "after rollback");
        $p->beginTransaction();
        $p->prepare("INSERT INTO tx VALUES (?, ?)")->execute([2, "b"]);
        eq($p->inTransaction(), true, "inTransaction");
        $p->commit();
        eq((int)$p->query("SELECT COUNT(*) FROM tx")->fetchColumn(), 1, "after commit");
        foreach ([["INSERT INTO tx VALUES (?, ?)", [2, "dup"], 1062, "23000"], ["SELEC ?", [1], 1064, "42000"],
                  ["SELECT * FROM nope WHERE id = ?", [1], 1146, "42S02"]] as [$sql, $args, $code, $state]) {
            try { $p->prepare($sql)->execute($args); }
            catch (PDOException $e) { eq($e->errorInfo[1], $code, $sql); eq($e->errorInfo[0], $state, "$sql sqlstate"); continue; }
            throw new Exception("$sql did not fail");
        }
        eq((int)$p->query("SELECT 1")->fetchColumn(), 1, "usable after errors");
    });
}

check("PDO: buffered off (unbuffered query), multiple rowsets", function () use ($db) {
    $p = pdo(true, "root", "", $db);
    $p->setAttribute(PDO::MYSQL_ATTR_USE_BUFFERED_QUERY, false);
    $n = 0; foreach ($p->query("SELECT id FROM types") as $r) $n++;
    eq($n >= 2, true, "rows");
    $p->setAttribute(PDO::MYSQL_ATTR_USE_BUFFERED_QUERY, true);
    $q = $p->query("SELECT 1 AS a; SELECT 2 AS b");
    eq((int)$q->fetchColumn(), 1, "first");
    $q->nextRowset();
    eq((int)$q->fetchColumn(), 2, "second");
});

check("mysqli: connect with password, prepared statements with bind_param/bind_result", function () use ($port, $db, $appPassword) {
    $m = new mysqli("127.0.0.1", "app", $appPassword, $db, $port);
    $m->set_charset("utf8mb4");
    $st = $m->prepare("INSERT INTO types (ti, bi, ubi, d, `dec`, vc, bl, dt, dtm, tm, nul) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    $ti = 7; $bi = PHP_INT_MAX; $ubi = "18446744073709551615"; $d = 2.5; $dec = "99.99"; $vc = "mysqli ✓ 😀"; $bl = null;
    $dt = "2024-02-29"; $dtm = "2024-01-02 03:04:05"; $tm = "12:34:56"; $nul = null;
    $st->bind_param("iisdssbssss", $ti, $bi, $ubi, $d, $dec, $vc, $bl, $dt, $dtm, $tm, $nul);
    $st->send_long_data(6, "\x00\x01" . str_repeat("z", 60000) . "\xff");
    $st->execute();
    eq($st->affected_rows, 1, "affected");
    $id = $st->insert_id;
    eq($id > 0, true, "insert_id");
    $q = $m->prepare("SELECT ti, bi, ubi, d, `dec`, vc, LENGTH(bl), dt, dtm, tm, nul, yr, f FROM types WHERE id = ?");
    $q->bind_param("i", $id);
    $q->execute();
    $q->bind_result($a, $b, $c, $dd, $e, $f, $g, $h, $i, $j, $k, $l, $mm);
    eq($q->fetch(), true, "fetch");
    eq([$a, $b, $c, $dd, $e, $f, $g, $h, $i, $j, $k], [7, PHP_INT_MAX, "18446744073709551615", 2.5, "99.99", "mysqli ✓ 😀", 60003, "2024-02-29", "2024-01-02 03:04:05", "12:34:56", null], "row");
    eq($q->fetch(), null, "end");
    $q->close();
    $meta = $m->prepare("SELECT id, vc FROM types WHERE id = ?");
    $res = $meta->result_metadata();
    $fields = $res->fetch_fields();
    eq($fields[0]->type, MYSQLI_TYPE_LONG, "id type");
    eq($fields[1]->name, "vc", "vc name");
    eq($fields[1]->table, "types", "vc table");
    $meta->bind_param("i", $id); $meta->execute();
    $r = $meta->get_result()->fetch_assoc();
    eq($r["vc"], "mysqli ✓ 😀", "get_result");
});

check("mysqli: errors, store_result, stat/ping/info, multi_query", function () use ($port, $db, $appPassword) {
    $m = new mysqli("127.0.0.1", "root", "", $db, $port);
    try { $m->query("INSERT INTO tx VALUES (2, 'x')"); throw new Exception("no dup"); } catch (mysqli_sql_exception $e) { eq($e->getCode(), 1062, "dup"); eq($e->getSqlState(), "23000", "state"); }
    try { $m->prepare("SELECT * FROM nope"); throw new Exception("no 1146"); } catch (mysqli_sql_exception $e) { eq($e->getCode(), 1146, "1146"); }
    eq($m->ping(), true, "ping");
    eq(str_contains($m->stat(), "Uptime"), true, "stat");
    $m->query("UPDATE tx SET v = 'z'");
    eq(is_string($m->info) && str_contains($m->info, "Rows matched"), true, "info: " . var_export($m->info, true));
    $m->multi_query("SELECT 1; SELECT 2");
    $vals = [];
    do { if ($r = $m->store_result()) { $vals[] = $r->fetch_row()[0]; $r->free(); } } while ($m->more_results() && $m->next_result());
    eq(array_map("intval", $vals), [1, 2], "multi");
    $st = $m->prepare("SELECT id, vc FROM types ORDER BY id");
    $st->execute(); $st->store_result();
    eq($st->num_rows >= 3, true, "num_rows");
    $st->free_result();
    $m->change_user("app", $appPassword, $db);
    eq($m->query("SELECT CURRENT_USER()")->fetch_row()[0], "app@%", "change_user");
    $m->query("DROP DATABASE `$db`");
});
