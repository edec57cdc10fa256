CREATE TABLE things (
  id integer PRIMARY KEY,
  name varchar(20),
  nick char(5),
  nname nvarchar(10),
  body clob,
  small tinyint,
  big long,
  f float,
  r real,
  dbl double,
  dp double precision,
  price numeric(10,2),
  amount decimal(8,3),
  i2 int2,
  i4 int4,
  i8 int8,
  data blob,
  created datetime,
  stamped timestamp
);
INSERT INTO things VALUES (1, 'Ann', 'an', 'Änne', 'long text', 7, 9000000000, 1.5, 2.25, 3.125, 0.5, 12.5, 1.234, 3, 40000, 5000000000, X'DEADBEEF', '2024-03-01 10:11:12', '2024-03-02 01:02:03');
INSERT INTO things VALUES (2, NULL, NULL, NULL, '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
