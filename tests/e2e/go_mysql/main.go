// Checks github.com/go-sql-driver/mysql against a MySQL server: password login (1045 for a
// wrong one), every column type with interpolateParams=false (COM_STMT_PREPARE/EXECUTE) and
// true (client-side), parseTime, NULLs, transactions (isolation, read-only), error codes and
// SQLSTATEs, statement reuse, ColumnTypes metadata, multiStatements and DSN session variables.
// Usage: go run . PORT DATABASE (user `app` has the password in $APP_PASSWORD); prints one
// JSON line per check.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
)

var port, dbName, appPassword string

func report(name string, err error) {
	out := map[string]any{"name": name, "ok": err == nil}
	if err != nil {
		out["error"] = err.Error()
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}

func check(name string, fn func() error) {
	defer func() {
		if r := recover(); r != nil {
			report(name, fmt.Errorf("panic: %v", r))
		}
	}()
	report(name, fn())
}

func open(user, pw, params string) (*sql.DB, error) {
	dsn := fmt.Sprintf("%s:%s@tcp(127.0.0.1:%s)/%s?%s", user, pw, port, dbName, params)
	return sql.Open("mysql", dsn)
}

func eq(got, want any, what string) error {
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("%s: expected %#v, got %#v", what, want, got)
	}
	return nil
}

func mysqlErr(err error, code uint16, state string) error {
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return fmt.Errorf("expected MySQL error %d, got %v", code, err)
	}
	if me.Number != code {
		return fmt.Errorf("expected %d, got %d %s", code, me.Number, me.Message)
	}
	if state != "" && string(me.SQLState[:]) != state {
		return fmt.Errorf("error %d: expected SQLSTATE %s, got %s", code, state, string(me.SQLState[:]))
	}
	return nil
}

type row struct {
	Ti   int8
	Si   int16
	Mi   int32
	I    int32
	Bi   int64
	Ubi  uint64
	Ui   uint32
	F    float32
	D    float64
	Dec  string
	Vc   string
	Ch   string
	Tx   string
	Bl   []byte
	Vb   []byte
	Dt   time.Time
	Dtm  time.Time
	Dtm6 time.Time
	Tm   string
	Yr   int16
	En   string
	Js   string
	Bo   bool
	Nul  sql.NullString
}

const cols = "ti, si, mi, i, bi, ubi, ui, f, d, `dec`, vc, ch, tx, bl, vb, dt, dtm, dtm6, tm, yr, en, js, bo, nul"

func want() row {
	bl := make([]byte, 256)
	for i := range bl {
		bl[i] = byte(i)
	}
	return row{-128, -32768, 8388607, -2147483648, -9223372036854775808, 18446744073709551615, 4294967295,
		1.5, 3.141592653589793, "12345.67", "héllo wörld ✓ 😀", "abc", strings.Repeat("long text ", 50), bl, []byte{0, 1, 0xff},
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC), "-838:59:59", 2024, "b", `{"a": [1, 2, "x"]}`, true,
		sql.NullString{}}
}

func args(r row) []any {
	return []any{r.Ti, r.Si, r.Mi, r.I, r.Bi, r.Ubi, r.Ui, r.F, r.D, r.Dec, r.Vc, r.Ch, r.Tx, r.Bl, r.Vb, r.Dt, r.Dtm, r.Dtm6, r.Tm, r.Yr, r.En, r.Js, r.Bo, r.Nul}
}

func scan(rs interface{ Scan(...any) error }) (row, error) {
	var r row
	err := rs.Scan(&r.Ti, &r.Si, &r.Mi, &r.I, &r.Bi, &r.Ubi, &r.Ui, &r.F, &r.D, &r.Dec, &r.Vc, &r.Ch, &r.Tx, &r.Bl, &r.Vb,
		&r.Dt, &r.Dtm, &r.Dtm6, &r.Tm, &r.Yr, &r.En, &r.Js, &r.Bo, &r.Nul)
	return r, err
}

func compare(got, w row) error {
	var gj, wj any
	if err := json.Unmarshal([]byte(got.Js), &gj); err != nil {
		return err
	}
	json.Unmarshal([]byte(w.Js), &wj)
	if !reflect.DeepEqual(gj, wj) {
		return fmt.Errorf("json: %s", got.Js)
	}
	got.Js, w.Js = "", ""
	if !bytes.Equal(got.Bl, w.Bl) || !bytes.Equal(got.Vb, w.Vb) {
		return fmt.Errorf("blobs: %x %x", got.Bl, got.Vb)
	}
	got.Bl, got.Vb, w.Bl, w.Vb = nil, nil, nil, nil
	return eq(got, w, "row")
}

func main() {
	port, dbName = os.Args[1], os.Args[2]
	appPassword = os.Getenv("APP_PASSWORD")
	ctx := context.Background()

	check("connect as root with an empty password, create the database", func() error {
		db, err := sql.Open("mysql", fmt.Sprintf("root:@tcp(127.0.0.1:%s)/", port))
		if err != nil {
			return err
		}
		defer db.Close()
		var v string
		if err := db.QueryRow("SELECT VERSION()").Scan(&v); err != nil {
			return err
		}
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + dbName); err != nil {
			return err
		}
		_, err = db.Exec("CREATE DATABASE " + dbName)
		return err
	})

	check("connect as a user with a password (native and caching_sha2)", func() error {
		for _, p := range []string{"", "allowNativePasswords=true", "allowCleartextPasswords=false"} {
			db, err := open("app", appPassword, p)
			if err != nil {
				return err
			}
			var u string
			err = db.QueryRow("SELECT CURRENT_USER()").Scan(&u)
			db.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			if !strings.HasPrefix(u, "app@") {
				return fmt.Errorf("user %s", u)
			}
		}
		db, _ := open("app", "wrong", "")
		defer db.Close()
		return mysqlErr(db.Ping(), 1045, "28000")
	})

	check("CREATE TABLE with varied types", func() error {
		db, _ := open("root", "", "")
		defer db.Close()
		_, err := db.Exec(`CREATE TABLE types (
			id INT AUTO_INCREMENT PRIMARY KEY, ti TINYINT, si SMALLINT, mi MEDIUMINT, i INT, bi BIGINT,
			ubi BIGINT UNSIGNED, ui INT UNSIGNED, f FLOAT, d DOUBLE, ` + "`dec`" + ` DECIMAL(10,2),
			vc VARCHAR(100), ch CHAR(10), tx TEXT, bl BLOB, vb VARBINARY(16),
			dt DATE, dtm DATETIME, dtm6 DATETIME(6), tm TIME, yr YEAR,
			en ENUM('a','b','c'), js JSON, bo BOOLEAN, nul VARCHAR(5) NULL, UNIQUE KEY (vc)) DEFAULT CHARSET=utf8mb4`)
		return err
	})

	for _, mode := range []string{"interpolateParams=false", "interpolateParams=true"} {
		params := mode + "&parseTime=true&loc=UTC"
		check(mode+": insert every type with parameters, read back (parseTime)", func() error {
			db, _ := open("root", "", params)
			defer db.Close()
			w := want()
			w.Vc += " " + mode
			res, err := db.Exec("INSERT INTO types ("+cols+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", args(w)...)
			if err != nil {
				return err
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return fmt.Errorf("affected %d", n)
			}
			got, err := scan(db.QueryRow("SELECT "+cols+" FROM types WHERE id = ?", id))
			if err != nil {
				return err
			}
			if err := compare(got, w); err != nil {
				return err
			}
			// each column as a WHERE parameter
			for i, c := range strings.Split(cols, ", ") {
				if c == "nul" || c == "js" || c == "f" {
					continue
				}
				var n int
				if err := db.QueryRow("SELECT COUNT(*) FROM types WHERE "+c+" = ? AND id = ?", args(w)[i], id).Scan(&n); err != nil {
					return fmt.Errorf("%s: %w", c, err)
				}
				if n != 1 {
					return fmt.Errorf("WHERE %s = %#v matched %d", c, args(w)[i], n)
				}
			}
			// NULLs of each kind through parameters
			nulls := make([]any, 24)
			if _, err := db.Exec("INSERT INTO types ("+cols+") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", nulls...); err != nil {
				return err
			}
			var a sql.NullInt64
			var b sql.NullTime
			var c []byte
			if err := db.QueryRow("SELECT ti, dtm, bl FROM types WHERE vc IS NULL LIMIT 1").Scan(&a, &b, &c); err != nil {
				return err
			}
			if a.Valid || b.Valid || c != nil {
				return fmt.Errorf("nulls: %v %v %v", a, b, c)
			}
			_, err = db.Exec("DELETE FROM types WHERE vc IS NULL")
			return err
		})

		check(mode+": transactions, errors, prepared statement reuse", func() error {
			db, _ := open("root", "", params)
			defer db.Close()
			db.Exec("CREATE TABLE IF NOT EXISTS tx (id INT PRIMARY KEY, v VARCHAR(10))")
			db.Exec("DELETE FROM tx")
			tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead})
			if err != nil {
				return err
			}
			tx.Exec("INSERT INTO tx VALUES (?, ?)", 1, "a")
			if err := tx.Rollback(); err != nil {
				return err
			}
			tx, _ = db.Begin()
			if _, err := tx.Exec("INSERT INTO tx VALUES (?, ?)", 2, "b"); err != nil {
				return err
			}
			if err := tx.Commit(); err != nil {
				return err
			}
			tx, err = db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
			if err != nil {
				return fmt.Errorf("read-only tx: %w", err)
			}
			var n int
			tx.QueryRow("SELECT COUNT(*) FROM tx").Scan(&n)
			tx.Commit()
			if n != 1 {
				return fmt.Errorf("count %d", n)
			}
			if err := mysqlErr(func() error { _, e := db.Exec("INSERT INTO tx VALUES (?, ?)", 2, "dup"); return e }(), 1062, "23000"); err != nil {
				return err
			}
			if err := mysqlErr(func() error { _, e := db.Exec("SELEC ?", 1); return e }(), 1064, "42000"); err != nil {
				return err
			}
			if err := mysqlErr(func() error { _, e := db.Query("SELECT * FROM nope WHERE id = ?", 1); return e }(), 1146, "42S02"); err != nil {
				return err
			}
			st, err := db.Prepare("SELECT v FROM tx WHERE id = ?")
			if err != nil {
				return err
			}
			defer st.Close()
			for i := 0; i < 3; i++ {
				var v string
				if err := st.QueryRow(2).Scan(&v); err != nil || v != "b" {
					return fmt.Errorf("reuse %d: %v %q", i, err, v)
				}
			}
			return nil
		})
	}

	check("column types metadata (ColumnTypes)", func() error {
		db, _ := open("root", "", "parseTime=true")
		defer db.Close()
		rows, err := db.Query("SELECT id, ubi, `dec`, vc, bl, dtm, tm, js FROM types LIMIT 1")
		if err != nil {
			return err
		}
		defer rows.Close()
		cts, _ := rows.ColumnTypes()
		var names []string
		for _, ct := range cts {
			names = append(names, ct.DatabaseTypeName())
		}
		if err := eq(names, []string{"INT", "UNSIGNED BIGINT", "DECIMAL", "VARCHAR", "BLOB", "DATETIME", "TIME", "JSON"}, "types"); err != nil {
			return err
		}
		if p, s, ok := cts[2].DecimalSize(); !ok || p != 10 || s != 2 {
			return fmt.Errorf("decimal size %d %d %v", p, s, ok)
		}
		if n, _ := cts[0].Nullable(); n {
			return fmt.Errorf("id nullable")
		}
		return nil
	})

	check("multiStatements, session variables, connection attributes", func() error {
		db, _ := open("root", "", "multiStatements=true&sql_mode='STRICT_TRANS_TABLES'&time_zone=%27%2B00%3A00%27")
		defer db.Close()
		if _, err := db.Exec("UPDATE tx SET v = 'c' WHERE id = 2; UPDATE tx SET v = 'd' WHERE id = 2"); err != nil {
			return err
		}
		var m string
		if err := db.QueryRow("SELECT @@sql_mode").Scan(&m); err != nil {
			return err
		}
		return eq(m, "STRICT_TRANS_TABLES", "sql_mode")
	})

	check("drop database", func() error {
		db, _ := open("root", "", "")
		defer db.Close()
		_, err := db.Exec("DROP DATABASE " + dbName)
		return err
	})
}
