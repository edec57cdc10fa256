CREATE TABLE notes (id integer PRIMARY KEY, note text, stamp timestamp);
INSERT INTO notes VALUES (1, '', '2024-01-02 03:04:05'), (2, 'kept', 0), (3, NULL, NULL);
