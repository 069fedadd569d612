#!/usr/bin/perl
# DBD::MariaDB / DBD::mysql (both on libmariadb) against a MySQL server: password login and
# 1045, placeholders with client-side and server-side prepare, transactions, error codes and
# SQLSTATEs, DBI metadata (table_info, column_info, primary_key, tables, get_info).
# Usage: perl_dbd.pl DRIVER PORT DATABASE (DRIVER MariaDB or mysql; user `app` has the password
# in $APP_PASSWORD); prints one JSON line per check.
use strict; use warnings; use utf8;
use DBI; use JSON::PP;
binmode STDOUT, ':utf8';
my ($drv, $port, $db) = @ARGV;
my $app_password = $ENV{APP_PASSWORD} // "s3cret-pw";
my $json = JSON::PP->new->canonical;
sub check { my ($name, $fn) = @_; eval { $fn->(); 1 } ? print($json->encode({name => $name, ok => JSON::PP::true}), "\n")
    : print($json->encode({name => $name, ok => JSON::PP::false, error => "$@"}), "\n"); }
sub eqv { my ($got, $want, $what) = @_; my $g = defined $got ? $got : 'undef'; my $w = defined $want ? $want : 'undef';
    die "$what: expected '$w', got '$g'\n" unless $g eq $w; }
sub conn { my ($user, $pw, $dbname, %attr) = @_;
    my $dsn = "DBI:$drv:host=127.0.0.1;port=$port" . ($dbname ? ";database=$dbname" : "");
    my %extra = $drv eq 'mysql' ? (mysql_enable_utf8mb4 => 1) : ();
    return DBI->connect($dsn, $user, $pw, {RaiseError => 1, PrintError => 0, AutoCommit => 1, %extra, %attr}); }
my $blob = join '', map { chr } 0..255;
check("connect as root, create database", sub {
    my $h = conn("root", "", undef);
    my ($v) = $h->selectrow_array("SELECT VERSION()"); die "version $v" unless $v =~ /^\d/;
    $h->do("DROP DATABASE IF EXISTS $db"); $h->do("CREATE DATABASE $db"); });
check("connect as a user with a password; wrong password is 1045", sub {
    my $h = conn("app", $app_password, $db);
    my ($u) = $h->selectrow_array("SELECT CURRENT_USER()"); die "user $u" unless $u =~ /^app@/;
    my $bad = eval { conn("app", "nope", $db) }; die "connected" if $bad;
    eqv($DBI::err, 1045, "err"); });
my $h = conn("root", "", $db);
check("CREATE TABLE, placeholders (client-side and server-side prepare)", sub {
    $h->do("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, bi BIGINT, ubi BIGINT UNSIGNED, d DOUBLE, `dec` DECIMAL(10,2),
        vc VARCHAR(100), bl BLOB, dt DATE, dtm DATETIME(6), tm TIME, nul INT NULL, UNIQUE KEY (vc)) DEFAULT CHARSET=utf8mb4");
    for my $ssp (0, 1) {
        my $hh = conn("root", "", $db, ($drv eq 'mysql' ? 'mysql_server_prepare' : 'mariadb_server_prepare') => $ssp);
        my $st = $hh->prepare("INSERT INTO t (bi, ubi, d, `dec`, vc, bl, dt, dtm, tm, nul) VALUES (?,?,?,?,?,?,?,?,?,?)");
        $st->bind_param(1, "-9223372036854775808", DBI::SQL_BIGINT);
        $st->bind_param(2, "18446744073709551615", DBI::SQL_BIGINT);
        $st->bind_param(3, 2.5, DBI::SQL_DOUBLE);
        $st->bind_param(4, "12345.67");
        $st->bind_param(5, "héllo ✓ 😀 ssp=$ssp");
        $st->bind_param(6, $blob, DBI::SQL_BLOB);
        $st->bind_param(7, "2024-02-29");
        $st->bind_param(8, "2024-01-02 03:04:05.123456");
        $st->bind_param(9, "-838:59:59");
        $st->bind_param(10, undef);
        eqv($st->execute, 1, "execute rows");
        my $id = $hh->last_insert_id(undef, undef, "t", "id");
        die "no insert id" unless $id;
        my $r = $hh->selectrow_hashref("SELECT * FROM t WHERE id = ?", undef, $id);
        eqv($r->{bi}, "-9223372036854775808", "bi"); eqv($r->{ubi}, "18446744073709551615", "ubi ssp=$ssp");
        eqv($r->{d} + 0, 2.5, "d"); eqv($r->{dec}, "12345.67", "dec"); eqv($r->{vc}, "héllo ✓ 😀 ssp=$ssp", "vc");
        eqv($r->{bl}, $blob, "bl"); eqv($r->{dt}, "2024-02-29", "dt"); eqv($r->{dtm}, "2024-01-02 03:04:05.123456", "dtm");
        eqv($r->{tm}, "-838:59:59", "tm"); eqv($r->{nul}, undef, "nul");
        for my $c (qw(bi ubi dec vc dt dtm tm)) {
            my ($n) = $hh->selectrow_array("SELECT COUNT(*) FROM t WHERE `$c` = ? AND id = ?", undef, $r->{$c}, $id);
            eqv($n, 1, "WHERE $c ssp=$ssp");
        }
    } });
check("transactions and errors (1062, 1064, 1146)", sub {
    $h->begin_work; $h->do("INSERT INTO t (vc) VALUES ('tx')"); $h->rollback;
    my ($n) = $h->selectrow_array("SELECT COUNT(*) FROM t WHERE vc = 'tx'"); eqv($n, 0, "rolled back");
    $h->{AutoCommit} = 0; $h->do("INSERT INTO t (vc) VALUES ('tx2')"); $h->commit; $h->{AutoCommit} = 1;
    ($n) = $h->selectrow_array("SELECT COUNT(*) FROM t WHERE vc = 'tx2'"); eqv($n, 1, "committed");
    for my $c (["INSERT INTO t (vc) VALUES ('tx2')", 1062, "23000"], ["SELEC 1", 1064, "42000"], ["SELECT * FROM nope", 1146, "42S02"]) {
        eval { $h->do($c->[0]); 1 } and die "$c->[0] did not fail";
        eqv($h->err, $c->[1], $c->[0]); eqv($h->state, $c->[2], "$c->[0] state");
    } });
check("metadata: table_info, column_info, primary_key_info, type_info, NAME/TYPE", sub {
    my $ti = $h->table_info(undef, $db, "t", "TABLE")->fetchall_arrayref({});
    eqv(scalar @$ti, 1, "table_info rows"); eqv($ti->[0]{TABLE_NAME}, "t", "table name");
    my $ci = $h->column_info(undef, $db, "t", "%")->fetchall_arrayref({});
    eqv(scalar @$ci, 11, "column_info rows");
    my @pk = $h->primary_key(undef, $db, "t"); eqv("@pk", "id", "primary_key");
    my $st = $h->prepare("SELECT id, ubi, vc FROM t LIMIT 1"); $st->execute;
    eqv(join(",", @{$st->{NAME}}), "id,ubi,vc", "NAME"); $st->finish;
    my @tables = $h->tables(undef, $db, undef, "TABLE"); die "tables: @tables" unless grep { /`?t`?$/ } @tables;
    $h->ping or die "ping";
    my $info = $h->get_info(18); die "get_info(SQL_DBMS_VER)" unless $info;
    $h->do("DROP DATABASE $db"); });
