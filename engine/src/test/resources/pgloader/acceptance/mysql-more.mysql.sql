SET time_zone = '+00:00';
SET sql_mode = '';
CREATE TABLE defs (
  id int NOT NULL PRIMARY KEY,
  empty varchar(10) NOT NULL DEFAULT '',
  day date DEFAULT '2020-01-31',
  stamp6 datetime(6) DEFAULT CURRENT_TIMESTAMP(6),
  zero datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  bits bit(4) DEFAULT b'0101',
  tags set('x','y','z') DEFAULT 'x,z',
  note text DEFAULT 'a text default',
  big bigint DEFAULT -5,
  price decimal(6,2) DEFAULT '0.00'
);
INSERT INTO defs (id, zero) VALUES (1, '2024-05-06 07:08:09'), (2, '0000-00-00 00:00:00');
CREATE TABLE labels (
  id int NOT NULL PRIMARY KEY,
  mood enum('it''s ok','a,b','back\\slash','"q"') NOT NULL
);
INSERT INTO labels VALUES (1, 'it''s ok'), (2, 'a,b'), (3, 'back\\slash'), (4, '"q"');
CREATE TABLE Guarded (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  Total decimal(8,2),
  status varchar(10) NOT NULL DEFAULT 'new',
  kind varchar(10) DEFAULT 'x',
  code char(3) NOT NULL,
  opt char(3)
);
INSERT INTO Guarded (Total, code, opt) VALUES (1.25, 'abc', 'def');
CREATE TABLE skip_me (id int);
CREATE TABLE keep_me (id int);
INSERT INTO keep_me VALUES (1);
CREATE VIEW v_one AS SELECT id FROM keep_me;
CREATE VIEW v_two AS SELECT id * 10 AS ten FROM keep_me;
