SET time_zone = '+00:00';
SET sql_mode = '';
CREATE TABLE ints (
  id int NOT NULL PRIMARY KEY,
  ti tinyint, tiu tinyint unsigned, si smallint, siu smallint unsigned,
  mi mediumint, miu mediumint unsigned, i int, iu int unsigned, i8u int(8) unsigned,
  bi bigint, biu bigint unsigned, flag tinyint(1)
);
INSERT INTO ints VALUES
  (1, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295, 4294967295, -9223372036854775808, 18446744073709551615, 1),
  (2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE nums (
  id int NOT NULL PRIMARY KEY,
  d decimal(10,2), n numeric(6,3), big decimal(30,10), f float, db double, r real
);
INSERT INTO nums VALUES
  (1, 12345678.91, -123.456, 12345678901234567890.0123456789, 1.5, 2.25, 0.125),
  (2, 0.00, 0.000, 0, -3.5, 1e300, -0.5),
  (3, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE texts (
  id int NOT NULL PRIMARY KEY,
  c char(5), vc varchar(20), tt tinytext, t text, mt mediumtext, lt longtext
);
INSERT INTO texts VALUES
  (1, 'ab', 'Änne "q" \\ x', 'tiny', 'a\ttab', 'multi\nline', 'long'),
  (2, '', '', '', '', '', ''),
  (3, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE bins (
  id int NOT NULL PRIMARY KEY,
  b binary(4), vb varbinary(10), tb tinyblob, bl blob, mb mediumblob, lb longblob
);
INSERT INTO bins VALUES
  (1, x'DEADBEEF', x'00FF10', x'01', x'CAFE', x'0A0B', x'00'),
  (2, x'01', x'', x'', x'', x'', x''),
  (3, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE dates (
  id int NOT NULL PRIMARY KEY,
  d date, dn date NOT NULL DEFAULT '0000-00-00', dt datetime, dt3 datetime(3),
  ts timestamp NULL DEFAULT NULL, tm time, tm2 time(2), y year
);
INSERT INTO dates VALUES
  (1, '2024-02-29', '2024-03-01', '2024-03-01 10:11:12', '2024-03-01 10:11:12.345', '2024-03-01 10:11:12', '23:59:58', '01:02:03.45', 2024),
  (2, '0000-00-00', '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00.000', '0000-00-00 00:00:00', '00:00:00', '00:00:00', 1901),
  (3, '2019-00-10', '2019-05-00', '2019-00-00 01:02:03', NULL, NULL, NULL, NULL, NULL),
  (4, NULL, '1999-12-31', NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE misc (
  id int NOT NULL PRIMARY KEY,
  b1 bit(1), b8 bit(8), color enum('red','green','blue'), shade enum('red','green','blue'),
  tags set('a','b','c'), doc json
);
INSERT INTO misc VALUES
  (1, b'1', b'00000101', 'green', 'blue', 'a,c', '{"k": [1, 2], "s": "x"}'),
  (2, b'0', b'11111111', 'red', 'red', '', '[]'),
  (3, NULL, NULL, NULL, NULL, NULL, NULL);
CREATE TABLE flags (
  id int NOT NULL PRIMARY KEY,
  flag tinyint(1)
);
INSERT INTO flags VALUES (1, 1), (2, 0), (3, 2), (4, NULL);
CREATE TABLE durations (
  id int NOT NULL PRIMARY KEY,
  t time
);
INSERT INTO durations VALUES (1, '12:30:00'), (2, '-01:00:00'), (3, '100:00:00'), (4, '24:00:00');
