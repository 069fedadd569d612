/**
 * A small schema written the way MySQL users write DDL (AUTO_INCREMENT, UNSIGNED,
 * DEFAULT, ON UPDATE CURRENT_TIMESTAMP, KEY / UNIQUE KEY, table options), shared by the
 * CLI and metadata tests.
 */

/** CREATE TABLE statements for `customers` and `orders`. */
export const SHOP_DDL = `
CREATE TABLE customers (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  email VARCHAR(191) NOT NULL,
  name VARCHAR(100) NOT NULL DEFAULT '',
  credit INT NOT NULL DEFAULT 0,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY email (email),
  KEY name_idx (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE orders (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id INT UNSIGNED NOT NULL,
  amount DECIMAL(10,2) NOT NULL DEFAULT '0.00',
  status VARCHAR(20) NOT NULL DEFAULT 'new',
  note TEXT,
  KEY customer_id (customer_id),
  KEY status_amount (status, amount)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
`;

/** Three customers (ids 1-3) and five orders (ids 1-5). */
export const SHOP_ROWS = `
INSERT INTO customers (email, name, credit) VALUES
  ('ann@example.com', 'Ann', 0), ('bob@example.com', 'Bob', 5), ('cy@example.com', 'Cy', 7);
INSERT INTO orders (customer_id, amount) VALUES (1, 10.50), (1, 20.00), (2, 5.25), (3, 100), (3, 1.10);
`;

/** SQL that (re)creates database `name`, selects it, and creates the shop tables (and rows). */
export function shopScript(name: string, options: { rows?: boolean } = {}): string {
  return `DROP DATABASE IF EXISTS ${name};\nCREATE DATABASE ${name};\nUSE ${name};\n${SHOP_DDL}${
    options.rows === false ? "" : SHOP_ROWS
  }`;
}
