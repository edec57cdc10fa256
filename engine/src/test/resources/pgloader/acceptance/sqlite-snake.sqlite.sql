CREATE TABLE "PlayerStats" ("playerID" integer PRIMARY KEY, "gamesPlayed" integer, "HTTPServer" text);
INSERT INTO "PlayerStats" VALUES (1, 12, 'web');
