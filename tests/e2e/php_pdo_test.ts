/**
 * PHP's PDO_MYSQL (ATTR_EMULATE_PREPARES true and false: client-side interpolation and real
 * COM_STMT_PREPARE/EXECUTE through mysqlnd) and mysqli prepared statements unmodified against
 * a node (`drivers/php_pdo_mysqli.php`, one step per check). Needs php with pdo_mysql
 * (Debian's php-mysql, installed by scripts/install-test-deps.sh for WordPress).
 */
import { driverSuite, runs } from "./support/driver_checks.ts";

const SCRIPT = new URL("./drivers/php_pdo_mysqli.php", import.meta.url).pathname;
const ready = runs("php", [
  "-r",
  'exit(extension_loaded("pdo_mysql") && extension_loaded("mysqli") ? 0 : 1);',
]);

driverSuite(
  "PHP PDO_MYSQL and mysqli work unmodified",
  [{ label: "php", command: "php", args: [SCRIPT], checks: 13 }],
  ready ? null : "php with pdo_mysql and mysqli not installed (apt-get install php-cli php-mysql)",
);
