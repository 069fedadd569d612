// What DBeaver and other JDBC tools do through MySQL Connector/J, against a server given as
// host:port and database: metadata calls, server-side prepared statements with typed values,
// batches, transactions and a duplicate-key error. Prints one "name=value" line per check;
// jdbc_test.ts compares them with what MySQL answers.
import java.math.BigDecimal;
import java.sql.*;
import java.util.*;

public class JdbcCheck {
  static void out(String name, Object value) {
    System.out.println(name + "=" + value);
  }

  static List<String> column(ResultSet rs, String label) throws SQLException {
    List<String> values = new ArrayList<>();
    while (rs.next()) values.add(rs.getString(label));
    rs.close();
    return values;
  }

  public static void main(String[] args) throws Exception {
    String url = "jdbc:mysql://" + args[0] + "/" + args[1]
        + "?user=root&password=&sslMode=DISABLED&useServerPrepStmts=true&cachePrepStmts=true"
        + "&rewriteBatchedStatements=true";
    try (Connection c = DriverManager.getConnection(url)) {
      DatabaseMetaData md = c.getMetaData();
      out("product", md.getDatabaseProductName());
      String db = args[1];
      out("tables", column(md.getTables(db, null, "%", new String[] {"TABLE"}), "TABLE_NAME"));
      out("views", column(md.getTables(db, null, "%", new String[] {"VIEW"}), "TABLE_NAME"));
      out("catalogs_include_db", column(md.getCatalogs(), "TABLE_CAT").contains(db));
      List<String> cols = new ArrayList<>();
      try (ResultSet rs = md.getColumns(db, null, "items", "%")) {
        while (rs.next()) {
          cols.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME") + ":"
              + rs.getInt("DATA_TYPE") + ":" + rs.getString("IS_NULLABLE") + ":"
              + rs.getString("IS_AUTOINCREMENT"));
        }
      }
      out("columns", cols);
      out("primary_key", column(md.getPrimaryKeys(db, null, "items"), "COLUMN_NAME"));
      out("imported_keys", column(md.getImportedKeys(db, null, "items"), "PKTABLE_NAME"));
      out("indexes", column(md.getIndexInfo(db, null, "items", false, false), "INDEX_NAME"));
      try {
        out("keywords_has_accessible",
            Arrays.asList(md.getSQLKeywords().split(",")).contains("ACCESSIBLE"));
      } catch (SQLException e) {
        out("keywords_has_accessible", "error " + e.getErrorCode());
      }
      out("column_privileges", column(md.getColumnPrivileges(db, null, "items", "%"), "COLUMN_NAME"));
      out("procedures", column(md.getProcedures(db, null, "%"), "PROCEDURE_NAME"));

      byte[] bytes = new byte[256];
      for (int i = 0; i < 256; i++) bytes[i] = (byte) i;
      long id;
      try (PreparedStatement p = c.prepareStatement(
          "INSERT INTO items (name, price, data, made, big) VALUES (?, ?, ?, ?, ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        p.setString(1, "caf\u00e9 \u2615");
        p.setBigDecimal(2, new BigDecimal("1234.50"));
        p.setBytes(3, bytes);
        p.setTimestamp(4, Timestamp.valueOf("2024-02-29 23:59:58.123"));
        p.setLong(5, Long.MAX_VALUE);
        out("insert_count", p.executeUpdate());
        try (ResultSet k = p.getGeneratedKeys()) {
          k.next();
          id = k.getLong(1);
        }
      }
      out("generated_key", id);
      try (PreparedStatement p = c.prepareStatement(
          "SELECT name, price, data, made, big FROM items WHERE id = ?")) {
        p.setLong(1, id);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          out("name", rs.getString(1));
          out("price", rs.getBigDecimal(2));
          out("bytes_equal", Arrays.equals(rs.getBytes(3), bytes));
          out("made", rs.getTimestamp(4));
          out("big", rs.getLong(5));
        }
      }

      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
        for (int i = 0; i < 5; i++) {
          p.setString(1, "batch" + i);
          p.addBatch();
        }
        out("batch", Arrays.toString(p.executeBatch()));
      }
      c.rollback();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items WHERE name LIKE 'batch%'")) {
        rs.next();
        out("after_rollback", rs.getInt(1));
      }
      try (Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE items SET price = price + 1 WHERE id = " + id);
      }
      c.commit();
      c.setAutoCommit(true);
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT price FROM items WHERE id = " + id)) {
        rs.next();
        out("after_commit", rs.getBigDecimal(1));
      }

      try (PreparedStatement p = c.prepareStatement("INSERT INTO items (id, name) VALUES (?, ?)")) {
        p.setLong(1, id);
        p.setString(2, "again");
        p.executeUpdate();
        out("duplicate", "no error");
      } catch (SQLException e) {
        out("duplicate", e.getErrorCode() + "/" + e.getSQLState() + "/"
            + (e instanceof SQLIntegrityConstraintViolationException));
      }
    }
  }
}
