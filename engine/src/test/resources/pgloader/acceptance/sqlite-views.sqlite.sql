CREATE TABLE people (id integer PRIMARY KEY, name text, active integer);
INSERT INTO people VALUES (1, 'Ann', 1), (2, 'Bob', 0), (3, 'Cy', 1);
CREATE VIEW active_people AS SELECT id, name FROM people WHERE active = 1;
