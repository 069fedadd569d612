/**
 * Perl DBI with DBD::MariaDB and DBD::mysql (Debian's libdbd-mariadb-perl and
 * libdbd-mysql-perl, both on libmariadb) unmodified against a node (`drivers/perl_dbd.pl`,
 * one step per check). A driver that is not installed is not run.
 */
import { type DriverProgram, driverSuite, runs } from "./support/driver_checks.ts";

const SCRIPT = new URL("./drivers/perl_dbd.pl", import.meta.url).pathname;
const programs: DriverProgram[] = ["MariaDB", "mysql"]
  .filter((d) => runs("perl", [`-MDBD::${d}`, "-MJSON::PP", "-e", "1"]))
  .map((d) => ({ label: `DBD::${d}`, command: "perl", args: [SCRIPT, d], checks: 5 }));

driverSuite(
  "Perl DBD::MariaDB and DBD::mysql work unmodified",
  programs,
  programs.length === 0
    ? "no DBD::MariaDB or DBD::mysql (apt-get install libdbd-mariadb-perl libdbd-mysql-perl)"
    : null,
);
