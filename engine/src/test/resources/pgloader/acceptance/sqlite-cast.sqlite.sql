CREATE TABLE measures (
  id integer PRIMARY KEY,
  label varchar(30),
  ratio real,
  whole numeric(10,0),
  part numeric(10,2),
  seen datetime DEFAULT CURRENT_TIMESTAMP,
  n8 int8
);
INSERT INTO measures VALUES (1, 'first', 0.25, 42, 3.5, '2024-05-06 07:08:09', 8);
