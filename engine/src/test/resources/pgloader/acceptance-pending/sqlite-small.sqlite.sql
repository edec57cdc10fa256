CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, qty integer DEFAULT 0);
INSERT INTO items VALUES (1, 'bolt', 10), (2, 'nut', 20), (3, 'gear', 0);
