CREATE TABLE tickets (id integer PRIMARY KEY AUTOINCREMENT, title text);
INSERT INTO tickets (id, title) VALUES (1, 'one'), (2, 'two'), (10, 'ten');
