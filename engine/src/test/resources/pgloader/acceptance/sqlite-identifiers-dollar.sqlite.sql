CREATE TABLE "CustomerOrders" ("OrderID" integer PRIMARY KEY, "Total$" numeric(8,2), "order" text, "my col" text, "Note" text);
INSERT INTO "CustomerOrders" VALUES (1, 9.5, 'first', 'spaced', 'N');
