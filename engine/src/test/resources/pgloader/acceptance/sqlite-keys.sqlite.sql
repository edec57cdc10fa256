CREATE TABLE parent (id integer PRIMARY KEY, code text UNIQUE, name text);
CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent (id), label text);
CREATE INDEX child_label ON child (label);
INSERT INTO parent VALUES (1, 'P1', 'first'), (2, 'P2', 'second');
INSERT INTO child VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 1, 'c');
