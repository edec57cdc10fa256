CREATE TABLE arch_2019 (id integer PRIMARY KEY, v text);
CREATE TABLE arch_2020 (id integer PRIMARY KEY, v text);
CREATE TABLE live (id integer PRIMARY KEY, v text);
CREATE TABLE old_items (id integer PRIMARY KEY, v text);
INSERT INTO arch_2019 VALUES (1, 'a19');
INSERT INTO arch_2020 VALUES (1, 'a20');
INSERT INTO live VALUES (1, 'live');
INSERT INTO old_items VALUES (1, 'item');
