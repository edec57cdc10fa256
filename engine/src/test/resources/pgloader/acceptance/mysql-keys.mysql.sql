SET time_zone = '+00:00';
CREATE TABLE customers (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(60) NOT NULL,
  name varchar(40),
  UNIQUE KEY uq_email (email),
  KEY ix_name (name)
);
INSERT INTO customers (id, email, name) VALUES (1, 'a@x', 'Ann'), (2, 'b@x', 'Bob'), (7, 'c@x', NULL);
CREATE TABLE orders (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  customer_id int,
  total decimal(8,2) NOT NULL DEFAULT 0.00,
  KEY ix_customer (customer_id),
  CONSTRAINT fk_orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id)
);
INSERT INTO orders (id, customer_id, total) VALUES (10, 1, 9.99), (11, 7, 0.50), (12, NULL, 1.00);
CREATE TABLE small_ai (
  id tinyint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
  label varchar(10)
);
INSERT INTO small_ai (label) VALUES ('x'), ('y'), ('z');
CREATE TABLE defaults (
  id int NOT NULL PRIMARY KEY,
  qty int NOT NULL DEFAULT 5,
  label varchar(20) DEFAULT 'n/a',
  quoted varchar(20) DEFAULT 'it''s',
  nothing varchar(20) DEFAULT NULL,
  active tinyint(1) NOT NULL DEFAULT 1,
  ratio decimal(4,2) DEFAULT 1.50,
  created datetime DEFAULT CURRENT_TIMESTAMP,
  touched timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  color enum('red','green') NOT NULL DEFAULT 'green'
);
INSERT INTO defaults (id, touched) VALUES (1, '2020-01-01 00:00:00');
