/**
 * Date and time parts, WEEK modes 0-7, EXTRACT, day and period conversions.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import { type Case, checkCases, openDb } from "./_cases.ts";

const DT_PARTS: Case[] = [
  ["YEAR('2024-01-01')", 2024n],
  ["YEAR('10:00:00')", 2010n],
  ["MONTH('2024-00-10')", 0n],
  ["DAY('2024-01-00')", 0n],
  ["DAYOFMONTH('0000-00-00')", 0n],
  ["DAYOFMONTH('2024-02-29')", 29n],
  ["HOUR('838:00:00')", 838n],
  ["HOUR('-10:00:00')", 10n],
  ["HOUR('2024-01-05')", 0n],
  ["HOUR('2024-01-05 17:00:00')", 17n],
  ["MINUTE('2024-01-05 17:45:00')", 45n],
  ["MINUTE(NULL)", null],
  ["MINUTE('abc')", null],
  ["SECOND('2024-01-01 10:11:12')", 12n],
  ["MICROSECOND('10:00:00.5')", 500000n],
  ["MICROSECOND('2024-01-01 10:00:00.000123')", 123n],
  ["YEAR(NULL)", null],
  ["YEAR('abc')", null],
  ["QUARTER('2024-11-01')", 4n],
  ["QUARTER('0000-00-00')", 0n],
  ["DAYNAME('2024-01-07')", "Sunday"],
  ["DAYNAME('0000-00-00')", null],
  ["MONTHNAME('2024-01-07')", "January"],
  ["MONTHNAME('2024-00-10')", null],
  ["DAYOFWEEK('2024-01-07')", 1n],
  ["DAYOFWEEK('0000-00-00')", null],
  ["WEEKDAY('2024-01-07')", 6n],
  ["WEEKDAY('2024-00-10')", null],
  ["DAYOFYEAR('2024-12-31')", 366n],
  ["DAYOFYEAR('0000-00-00')", null],
  ["WEEKOFYEAR('2024-12-31')", 1n],
  ["WEEKOFYEAR('2021-01-03')", 53n],
  ["YEARWEEK('2021-01-03')", 202101n],
  ["YEARWEEK('2021-01-03',1)", 202053n],
  ["YEARWEEK('2024-12-31',3)", 202501n],
  ["YEARWEEK('0000-00-00')", null],
  ["WEEK('0000-00-00')", null],
  ["WEEK('2024-00-00')", null],
  ["WEEK('2024-01-01')", 0n],
  ["WEEK('2024-01-01',0)", 0n],
  ["WEEK('2024-01-01',1)", 1n],
  ["WEEK('2024-01-01',2)", 53n],
  ["WEEK('2024-01-01',3)", 1n],
  ["WEEK('2024-01-01',4)", 1n],
  ["WEEK('2024-01-01',5)", 1n],
  ["WEEK('2024-01-01',6)", 1n],
  ["WEEK('2024-01-01',7)", 1n],
  ["WEEK('2023-01-01',0)", 1n],
  ["WEEK('2023-01-01',1)", 0n],
  ["WEEK('2023-01-01',2)", 1n],
  ["WEEK('2023-01-01',3)", 52n],
  ["WEEK('2023-01-01',4)", 1n],
  ["WEEK('2023-01-01',5)", 0n],
  ["WEEK('2023-01-01',6)", 1n],
  ["WEEK('2023-01-01',7)", 52n],
  ["WEEK('2024-12-31',0)", 52n],
  ["WEEK('2024-12-31',1)", 53n],
  ["WEEK('2024-12-31',2)", 52n],
  ["WEEK('2024-12-31',3)", 1n],
  ["WEEK('2024-12-31',4)", 53n],
  ["WEEK('2024-12-31',5)", 53n],
  ["WEEK('2024-12-31',6)", 1n],
  ["WEEK('2024-12-31',7)", 53n],
  ["WEEK('2019-01-01',1)", 1n],
  ["WEEK('2027-01-01',2)", 52n],
  ["WEEK('2027-01-01',6)", 52n],
  ["WEEK('2020-12-31',3)", 53n],
  ["WEEK('2024-01-01',8)", 0n],
  ["WEEK('2024-01-01',NULL)", 0n],
  ["LAST_DAY('2024-02-10 10:00:00')", "2024-02-29"],
  ["LAST_DAY('2023-02-10')", "2023-02-28"],
  ["LAST_DAY('2024-00-10')", null],
  ["LAST_DAY('2024-12-01')", "2024-12-31"],
  ["MAKEDATE(2024,60)", "2024-02-29"],
  ["MAKEDATE(2024,0)", null],
  ["MAKEDATE(2024,400)", "2025-02-03"],
  ["MAKEDATE(24,1)", "2024-01-01"],
  ["MAKEDATE(0,1)", "2000-01-01"],
  ["MAKEDATE(9999,366)", null],
  ["MAKEDATE(NULL,1)", null],
  ["MAKETIME(10,70,0)", null],
  ["MAKETIME(900,0,0)", "838:59:59"],
  ["MAKETIME(1,2,3.5)", "01:02:03.5"],
  ["MAKETIME(-1,2,3)", "-01:02:03"],
  ["MAKETIME(12,15,30)", "12:15:30"],
  ["TO_DAYS('0000-00-00')", null],
  ["TO_DAYS('2024-01-01')", 739251n],
  ["TO_DAYS('0000-01-01')", 1n],
  ["TO_DAYS(20240101)", 739251n],
  ["TO_DAYS('1970-01-01')", 719528n],
  ["TO_DAYS('0001-01-01')", 366n],
  ["FROM_DAYS(1)", "0000-00-00"],
  ["FROM_DAYS(366)", "0001-01-01"],
  ["FROM_DAYS(730000)", "1998-09-03"],
  ["FROM_DAYS(3652424)", "9999-12-31"],
  ["FROM_DAYS(3652425)", "0000-00-00"],
  ["FROM_DAYS(739251)", "2024-01-01"],
  ["FROM_DAYS(-5)", "0000-00-00"],
  ["TO_SECONDS('2024-01-01 00:00:01')", 63871286401n],
  ["TO_SECONDS('2024-01-01 00:00:01.5')", 63871286401n],
  ["TO_SECONDS('2024-01-01')", 63871286400n],
  ["SEC_TO_TIME(3661)", "01:01:01"],
  ["SEC_TO_TIME(-1)", "-00:00:01"],
  ["SEC_TO_TIME(3600000)", "838:59:59"],
  ["SEC_TO_TIME(1.5)", "00:00:01.5"],
  ["SEC_TO_TIME('61')", "00:01:01.000000"],
  ["SEC_TO_TIME(NULL)", null],
  ["TIME_TO_SEC('01:00:01')", 3601n],
  ["TIME_TO_SEC('-01:00:00')", -3600n],
  ["TIME_TO_SEC('2024-01-01 10:00:00')", 36000n],
  ["TIME_TO_SEC('10:00:00.5')", 36000.5],
  ["TIME_TO_SEC('838:59:59')", 3020399n],
  ["PERIOD_ADD(202401, 2)", 202403n],
  ["PERIOD_ADD(2401, 13)", 202502n],
  ["PERIOD_ADD(0, 1)", 0n],
  ["PERIOD_ADD(9901, 1)", 199902n],
  ["PERIOD_ADD(202401, -2)", 202311n],
  ["PERIOD_ADD(202412, 1)", 202501n],
  ["PERIOD_DIFF(202403, 202401)", 2n],
  ["PERIOD_DIFF(2401, 202312)", 1n],
  ["PERIOD_DIFF(202401, 202403)", -2n],
  ["mysql_extract('YEAR', '2024-03-05 10:11:12.5')", 2024n], // EXTRACT(YEAR FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('QUARTER', '2024-03-05 10:11:12.5')", 1n], // EXTRACT(QUARTER FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('MONTH', '2024-03-05 10:11:12.5')", 3n], // EXTRACT(MONTH FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('WEEK', '2024-03-05 10:11:12.5')", 9n], // EXTRACT(WEEK FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('DAY', '2024-03-05 10:11:12.5')", 5n], // EXTRACT(DAY FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('HOUR', '2024-03-05 10:11:12.5')", 10n], // EXTRACT(HOUR FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('MINUTE', '2024-03-05 10:11:12.5')", 11n], // EXTRACT(MINUTE FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('SECOND', '2024-03-05 10:11:12.5')", 12n], // EXTRACT(SECOND FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('MICROSECOND', '2024-03-05 10:11:12.5')", 500000n], // EXTRACT(MICROSECOND FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('YEAR_MONTH', '2024-03-05 10:11:12.5')", 202403n], // EXTRACT(YEAR_MONTH FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('DAY_HOUR', '2024-03-05 10:11:12.5')", 510n], // EXTRACT(DAY_HOUR FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('DAY_MINUTE', '2024-03-05 10:11:12.5')", 51011n], // EXTRACT(DAY_MINUTE FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('DAY_SECOND', '2024-03-05 10:11:12.5')", 5101112n], // EXTRACT(DAY_SECOND FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('DAY_MICROSECOND', '2024-03-05 10:11:12.5')", 5101112500000n], // EXTRACT(DAY_MICROSECOND FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('HOUR_MINUTE', '2024-03-05 10:11:12.5')", 1011n], // EXTRACT(HOUR_MINUTE FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('HOUR_SECOND', '2024-03-05 10:11:12.5')", 101112n], // EXTRACT(HOUR_SECOND FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('HOUR_MICROSECOND', '2024-03-05 10:11:12.5')", 101112500000n], // EXTRACT(HOUR_MICROSECOND FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('MINUTE_SECOND', '2024-03-05 10:11:12.5')", 1112n], // EXTRACT(MINUTE_SECOND FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('MINUTE_MICROSECOND', '2024-03-05 10:11:12.5')", 1112500000n], // EXTRACT(MINUTE_MICROSECOND FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('SECOND_MICROSECOND', '2024-03-05 10:11:12.5')", 12500000n], // EXTRACT(SECOND_MICROSECOND FROM '2024-03-05 10:11:12.5')
  ["mysql_extract('HOUR', '-10:11:12')", -10n], // EXTRACT(HOUR FROM '-10:11:12')
  ["mysql_extract('HOUR', '100:11:12')", 4n], // EXTRACT(HOUR FROM '100:11:12')
  ["mysql_extract('YEAR', NULL)", null], // EXTRACT(YEAR FROM NULL)
];

Deno.test("Date parts, week modes and day conversions match MySQL", () => {
  checkCases(openDb(), DT_PARTS);
});
