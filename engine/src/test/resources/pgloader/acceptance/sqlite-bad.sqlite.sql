CREATE TABLE counts (id integer PRIMARY KEY, n integer);
INSERT INTO counts VALUES (1, 10), (2, 'not a number'), (3, 30);
