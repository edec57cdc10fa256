CREATE TABLE invoice (id integer PRIMARY KEY, total numeric(8,2));
CREATE TABLE inventory_tmp (id integer PRIMARY KEY);
CREATE TABLE customer (id integer PRIMARY KEY, name text);
CREATE TABLE customers (id integer PRIMARY KEY, name text);
CREATE TABLE other (id integer PRIMARY KEY);
CREATE TABLE invXtmp (id integer PRIMARY KEY);
INSERT INTO invoice VALUES (1, 10.5), (2, 20);
INSERT INTO customer VALUES (1, 'Ann');
INSERT INTO customers VALUES (1, 'Bob');
