/**
 * Date arithmetic helpers (mysql_date_add/sub, TIMESTAMPADD/DIFF) and DATEDIFF, TIMEDIFF, ADDTIME.
 * Expected values were recorded from MariaDB 10.11 (`SET time_zone='+00:00'`, non-strict
 * `sql_mode`) by running the MySQL form of each expression (shown in a comment where the SQLite
 * form differs); where MySQL 8 differs from MariaDB the case says so and follows MySQL 8.
 */
import { type Case, checkCases, openDb } from "./_cases.ts";

const DT_ARITH: Case[] = [
  ["mysql_date_add('2024-01-01', 1.5, 'DAY')", "2024-01-03"], // DATE_ADD('2024-01-01', INTERVAL 1.5 DAY)
  ["mysql_date_add('2024-01-01', '1.5', 'DAY')", "2024-01-02"], // DATE_ADD('2024-01-01', INTERVAL '1.5' DAY)
  ["mysql_date_add('2024-01-01', 1.4, 'DAY')", "2024-01-02"], // DATE_ADD('2024-01-01', INTERVAL 1.4 DAY)
  ["mysql_date_add('2024-01-01', 1.5, 'SECOND')", "2024-01-01 00:00:01.5"], // DATE_ADD('2024-01-01', INTERVAL 1.5 SECOND)
  ["mysql_date_add('2024-01-01', '1.5', 'SECOND')", "2024-01-01 00:00:01.500000"], // DATE_ADD('2024-01-01', INTERVAL '1.5' SECOND)
  [
    "mysql_date_add('2024-01-01 00:00:00', '1.5', 'SECOND_MICROSECOND')",
    "2024-01-01 00:00:01.500000",
  ], // DATE_ADD('2024-01-01 00:00:00', INTERVAL '1.5' SECOND_MICROSECOND)
  ["mysql_date_add('2024-01-01 00:00:00', '1:30', 'HOUR_MINUTE')", "2024-01-01 01:30:00"], // DATE_ADD('2024-01-01 00:00:00', INTERVAL '1:30' HOUR_MINUTE)
  ["mysql_date_add('2024-01-01 00:00:00', '30', 'HOUR_MINUTE')", "2024-01-01 00:30:00"], // DATE_ADD('2024-01-01 00:00:00', INTERVAL '30' HOUR_MINUTE)
  ["mysql_date_add('2024-01-01 00:00:00', '-1:30', 'HOUR_MINUTE')", "2023-12-31 22:30:00"], // DATE_ADD('2024-01-01 00:00:00', INTERVAL '-1:30' HOUR_MINUTE)
  ["mysql_date_add('2024-01-01', '1 2:03:04', 'DAY_SECOND')", "2024-01-02 02:03:04"], // DATE_ADD('2024-01-01', INTERVAL '1 2:03:04' DAY_SECOND)
  ["mysql_date_add('2024-01-01', '1-2', 'YEAR_MONTH')", "2025-03-01"], // DATE_ADD('2024-01-01', INTERVAL '1-2' YEAR_MONTH)
  ["mysql_date_add('2024-01-31', 1, 'MONTH')", "2024-02-29"], // DATE_ADD('2024-01-31', INTERVAL 1 MONTH)
  ["mysql_date_add('2024-02-29', 1, 'YEAR')", "2025-02-28"], // DATE_ADD('2024-02-29', INTERVAL 1 YEAR)
  ["mysql_date_sub('2024-03-31', 1, 'MONTH')", "2024-02-29"], // DATE_SUB('2024-03-31', INTERVAL 1 MONTH)
  ["mysql_date_add('2024-01-31', -1, 'MONTH')", "2023-12-31"], // DATE_ADD('2024-01-31', INTERVAL -1 MONTH)
  ["mysql_date_add('2024-01-31', 24, 'HOUR')", "2024-02-01 00:00:00"], // DATE_ADD('2024-01-31', INTERVAL 24 HOUR)
  ["mysql_date_add('9999-12-31', 1, 'DAY')", null], // DATE_ADD('9999-12-31', INTERVAL 1 DAY)
  ["mysql_date_add('2024-01-01', 1, 'WEEK')", "2024-01-08"], // DATE_ADD('2024-01-01', INTERVAL 1 WEEK)
  ["mysql_date_add('2024-01-01', 1, 'QUARTER')", "2024-04-01"], // DATE_ADD('2024-01-01', INTERVAL 1 QUARTER)
  ["mysql_date_add('2024-01-01', 10, 'MICROSECOND')", "2024-01-01 00:00:00.000010"], // DATE_ADD('2024-01-01', INTERVAL 10 MICROSECOND)
  [
    "mysql_date_add('2024-01-01 10:00:00', '1:2:3.4', 'HOUR_MICROSECOND')",
    "2024-01-01 11:02:03.400000",
  ], // DATE_ADD('2024-01-01 10:00:00', INTERVAL '1:2:3.4' HOUR_MICROSECOND)
  [
    "mysql_date_add('2024-01-01 10:00:00', '1 1:2:3.000004', 'DAY_MICROSECOND')",
    "2024-01-02 11:02:03.000004",
  ], // DATE_ADD('2024-01-01 10:00:00', INTERVAL '1 1:2:3.000004' DAY_MICROSECOND)
  ["mysql_date_add('2024-01-01 10:00:00', '5:6', 'MINUTE_SECOND')", "2024-01-01 10:05:06"], // DATE_ADD('2024-01-01 10:00:00', INTERVAL '5:6' MINUTE_SECOND)
  [
    "mysql_date_add('2024-01-01 10:00:00', '5:6.7', 'MINUTE_MICROSECOND')",
    "2024-01-01 10:05:06.700000",
  ], // DATE_ADD('2024-01-01 10:00:00', INTERVAL '5:6.7' MINUTE_MICROSECOND)
  ["mysql_date_add('2024-01-01 10:00:00', '1 5', 'DAY_HOUR')", "2024-01-02 15:00:00"], // DATE_ADD('2024-01-01 10:00:00', INTERVAL '1 5' DAY_HOUR)
  ["mysql_date_add('2024-01-01 10:00:00', '1 5:6', 'DAY_MINUTE')", "2024-01-02 15:06:00"], // DATE_ADD('2024-01-01 10:00:00', INTERVAL '1 5:6' DAY_MINUTE)
  ["mysql_date_add('2024-01-01 10:00:00', '1:5:6', 'HOUR_SECOND')", "2024-01-01 11:05:06"], // DATE_ADD('2024-01-01 10:00:00', INTERVAL '1:5:6' HOUR_SECOND)
  ["mysql_date_add('0000-00-00', 1, 'DAY')", null], // DATE_ADD('0000-00-00', INTERVAL 1 DAY)
  ["mysql_date_add('2024-00-10', 1, 'DAY')", null], // DATE_ADD('2024-00-10', INTERVAL 1 DAY)
  ["mysql_date_add('2024-01-01 10:00:00.5', 1, 'DAY')", "2024-01-02 10:00:00.5"], // DATE_ADD('2024-01-01 10:00:00.5', INTERVAL 1 DAY)
  ["mysql_date_add('2024-01-01', 'abc', 'DAY')", "2024-01-01"], // DATE_ADD('2024-01-01', INTERVAL 'abc' DAY)
  ["mysql_date_add('2024-01-01', NULL, 'DAY')", null], // DATE_ADD('2024-01-01', INTERVAL NULL DAY)
  ["mysql_date_add(20240101, 1, 'DAY')", "2024-01-02"], // DATE_ADD(20240101, INTERVAL 1 DAY)
  ["mysql_date_add('10:00:00', 1, 'HOUR')", null], // DATE_ADD('10:00:00', INTERVAL 1 HOUR)
  ["mysql_date_add('2024-01-01', '1 1', 'YEAR_MONTH')", "2025-02-01"], // DATE_ADD('2024-01-01', INTERVAL '1 1' YEAR_MONTH)
  ["mysql_date_add('2024-01-01', '1:1:1:1', 'DAY_SECOND')", "2024-01-02 01:01:01"], // DATE_ADD('2024-01-01', INTERVAL '1:1:1:1' DAY_SECOND)
  ["mysql_date_add('2024-01-01', -1.5, 'SECOND')", "2023-12-31 23:59:58.5"], // DATE_ADD('2024-01-01', INTERVAL -1.5 SECOND)
  ["mysql_date_add('2024-01-01', '-1.5', 'SECOND')", "2023-12-31 23:59:58.500000"], // DATE_ADD('2024-01-01', INTERVAL '-1.5' SECOND)
  ["mysql_date_add('2024-01-01', 9999, 'YEAR')", null], // DATE_ADD('2024-01-01', INTERVAL 9999 YEAR)
  ["mysql_date_add('0001-01-01', -1, 'DAY')", null], // DATE_ADD('0001-01-01', INTERVAL -1 DAY)
  ["mysql_date_add('2024-01-01 23:59:59', 1, 'SECOND')", "2024-01-02 00:00:00"], // DATE_ADD('2024-01-01 23:59:59', INTERVAL 1 SECOND)
  ["mysql_date_sub('2024-01-01', 1, 'DAY')", "2023-12-31"], // DATE_SUB('2024-01-01', INTERVAL 1 DAY)
  ["mysql_date_sub('2024-01-01 00:00:00', '1:30', 'HOUR_MINUTE')", "2023-12-31 22:30:00"], // DATE_SUB('2024-01-01 00:00:00', INTERVAL '1:30' HOUR_MINUTE)
  ["mysql_date_sub('2024-03-01', -1, 'YEAR')", "2025-03-01"], // DATE_SUB('2024-03-01', INTERVAL -1 YEAR)
  ["ADDDATE('2024-01-01', 31)", "2024-02-01"],
  ["SUBDATE('2024-01-01', 1)", "2023-12-31"],
  ["mysql_timestampadd('DAY', 1, '2024-01-01')", "2024-01-02"], // TIMESTAMPADD(DAY, 1, '2024-01-01')
  ["mysql_timestampadd('MINUTE', 90, '2024-01-01 00:00:00')", "2024-01-01 01:30:00"], // TIMESTAMPADD(MINUTE, 90, '2024-01-01 00:00:00')
  ["mysql_timestampadd('MONTH', 1, '2024-01-31')", "2024-02-29"], // TIMESTAMPADD(MONTH, 1, '2024-01-31')
  ["mysql_timestampadd('HOUR', 1, '2024-01-01')", "2024-01-01 01:00:00"], // TIMESTAMPADD(HOUR, 1, '2024-01-01')
  ["mysql_timestampadd('SECOND', 1.5, '2024-01-01')", "2024-01-01 00:00:01.5"], // TIMESTAMPADD(SECOND, 1.5, '2024-01-01')
  ["mysql_timestampdiff('MONTH','2024-01-31','2024-02-29')", 0n], // TIMESTAMPDIFF(MONTH,'2024-01-31','2024-02-29')
  ["mysql_timestampdiff('YEAR','2000-02-29','2024-02-28')", 23n], // TIMESTAMPDIFF(YEAR,'2000-02-29','2024-02-28')
  ["mysql_timestampdiff('DAY','2024-01-01 23:00','2024-01-02 01:00')", 0n], // TIMESTAMPDIFF(DAY,'2024-01-01 23:00','2024-01-02 01:00')
  ["mysql_timestampdiff('SECOND','2024-01-01','2024-01-02')", 86400n], // TIMESTAMPDIFF(SECOND,'2024-01-01','2024-01-02')
  ["mysql_timestampdiff('MICROSECOND','2024-01-01','2024-01-01 00:00:01.5')", 1500000n], // TIMESTAMPDIFF(MICROSECOND,'2024-01-01','2024-01-01 00:00:01.5')
  ["mysql_timestampdiff('MONTH','2024-03-31','2024-01-01')", -2n], // TIMESTAMPDIFF(MONTH,'2024-03-31','2024-01-01')
  ["mysql_timestampdiff('WEEK','2024-01-01','2024-01-20')", 2n], // TIMESTAMPDIFF(WEEK,'2024-01-01','2024-01-20')
  ["mysql_timestampdiff('QUARTER','2024-01-01','2024-12-31')", 3n], // TIMESTAMPDIFF(QUARTER,'2024-01-01','2024-12-31')
  ["mysql_timestampdiff('HOUR','2024-01-02','2024-01-01 00:30')", -23n], // TIMESTAMPDIFF(HOUR,'2024-01-02','2024-01-01 00:30')
  ["mysql_timestampdiff('MINUTE','10:00:00','11:00:00')", null], // TIMESTAMPDIFF(MINUTE,'10:00:00','11:00:00')
  ["mysql_timestampdiff('DAY','0000-00-00','2024-01-01')", null], // TIMESTAMPDIFF(DAY,'0000-00-00','2024-01-01')
  ["mysql_timestampdiff('MONTH','2024-01-31 10:00:00','2024-02-29 11:00:00')", 0n], // TIMESTAMPDIFF(MONTH,'2024-01-31 10:00:00','2024-02-29 11:00:00')
  ["mysql_timestampdiff('MONTH','2024-01-29 10:00:00','2024-02-29 09:00:00')", 0n], // TIMESTAMPDIFF(MONTH,'2024-01-29 10:00:00','2024-02-29 09:00:00')
  ["mysql_timestampdiff('YEAR','2024-02-29','2000-03-01')", -23n], // TIMESTAMPDIFF(YEAR,'2024-02-29','2000-03-01')
  ["mysql_timestampdiff('MINUTE','2024-01-01 10:00:59','2024-01-01 10:02:00')", 1n], // TIMESTAMPDIFF(MINUTE,'2024-01-01 10:00:59','2024-01-01 10:02:00')
  ["DATEDIFF('2024-01-02 01:00','2024-01-01 23:00')", 1n],
  ["DATEDIFF('2024-01-01','2024-03-01')", -60n],
  ["DATEDIFF('0000-00-00','2024-01-01')", null],
  ["DATEDIFF('2024-01-01', NULL)", null],
  ["TIMEDIFF('2024-01-02','2024-01-01')", "00:00:00"],
  ["TIMEDIFF('2024-01-02 00:00:00','2024-01-01 00:00:00')", "24:00:00"],
  ["TIMEDIFF('10:00:00','12:30:00.5')", "-02:30:00.5"],
  ["TIMEDIFF('2024-01-02 00:00:00','10:00:00')", null],
  ["TIMEDIFF('2024-03-01 00:00:00','2024-01-01 00:00:00')", "838:59:59"],
  ["TIMEDIFF('2024-01-01 00:00:00','2024-01-01 10:11:12')", "-10:11:12"],
  ["ADDTIME('2024-01-01 23:00:00','02:00:00')", "2024-01-02 01:00:00"],
  ["ADDTIME('10:00:00','02:00:00.5')", "12:00:00.500000"],
  ["ADDTIME('10:00:00','1 02:00:00')", "36:00:00"],
  ["ADDTIME('2024-01-01 23:00:00','2024-01-01 02:00:00')", null],
  ["SUBTIME('2024-01-01 01:00:00','02:00:00')", "2023-12-31 23:00:00"],
  ["SUBTIME('01:00:00','02:00:00')", "-01:00:00"],
  ["ADDTIME('2024-01-01', '01:00:00')", "01:20:24"],
  ["ADDTIME('10:00:00', NULL)", null],
];

Deno.test("Date arithmetic matches MySQL including month clamping and composite units", () => {
  checkCases(openDb(), DT_ARITH);
});
