import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;

/**
 * Writes the source database for the database benchmark, in SQLite or MySQL/MariaDB: one table shaped like the
 * CSV benchmark's, plus a child table with a foreign key, so a migration has keys and an index to build.
 *
 * <pre>
 * java -cp engine/target/drover.jar bench/GenerateDb.java N out.db [--seed S]
 * java -cp engine/target/drover.jar bench/GenerateDb.java N 'jdbc:mysql://host:port/bench?user=u&amp;password=p' [--seed S]
 * </pre>
 *
 * Same N and seed: same content. Types are the ones both pgloader and Drover read without help (pgloader
 * 3.6 fails on SQLite defaults such as {@code date('now')}, so there are none).
 */
public class GenerateDb {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java -cp engine/target/drover.jar bench/GenerateDb.java N (out.db | jdbc:mysql://...) [--seed S]");
            System.exit(2);
        }
        long rows = Long.parseLong(args[0]);
        boolean mysql = args[1].startsWith("jdbc:mysql:");
        Path out = mysql ? null : Path.of(args[1]);
        long seed = args.length >= 4 && args[2].equals("--seed") ? Long.parseLong(args[3]) : 42;
        if (out != null) Files.deleteIfExists(out);
        long t0 = System.nanoTime();
        String[] names = {"Łukasz", "李雷", "Zoë", "Ana", "Bob", "Marta", "Søren", "Émile"};
        String[] notes = {"a, b, c, d, e, f", "price: 12,50 € — 🎉 launch", "plain note", "quote \"inside\" here", ""};
        Random rnd = new Random(seed);
        String url = mysql ? args[1] + (args[1].contains("?") ? "&" : "?") + "rewriteBatchedStatements=true&sslMode=DISABLED"
                : "jdbc:sqlite:" + out;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            if (mysql) {
                s.execute("DROP TABLE IF EXISTS events, accounts");
                s.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, amount DECIMAL(12,2),"
                        + " created DATETIME, active TINYINT(1), note TEXT) CHARACTER SET utf8mb4");
                s.execute("CREATE TABLE events (id BIGINT PRIMARY KEY, account_id BIGINT NOT NULL, kind VARCHAR(20), at DATETIME,"
                        + " value DOUBLE, KEY events_account (account_id), FOREIGN KEY (account_id) REFERENCES accounts(id))"
                        + " CHARACTER SET utf8mb4");
            } else {
                s.execute("PRAGMA journal_mode = OFF");
                s.execute("PRAGMA synchronous = OFF");
                s.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount NUMERIC(12,2),"
                        + " created DATETIME, active BOOLEAN, note TEXT)");
                s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id),"
                        + " kind TEXT, at DATETIME, value REAL)");
                s.execute("CREATE INDEX events_account ON events (account_id)");
            }
            c.setAutoCommit(false);
            long accounts = Math.max(1, rows / 4);
            try (PreparedStatement a = c.prepareStatement("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?)");
                 PreparedStatement e = c.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?, ?)")) {
                for (long i = 1; i <= accounts; i++) {
                    a.setLong(1, i);
                    a.setString(2, names[rnd.nextInt(names.length)] + "_" + rnd.nextInt(100000));
                    a.setString(3, String.format("%d.%02d", rnd.nextInt(100_000_000) - 50_000_000, rnd.nextInt(100)));
                    a.setString(4, String.format("2024-%02d-%02d %02d:%02d:%02d", 1 + rnd.nextInt(12), 1 + rnd.nextInt(28),
                            rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60)));
                    a.setInt(5, rnd.nextInt(2));
                    a.setString(6, notes[rnd.nextInt(notes.length)]);
                    a.addBatch();
                    if (i % 10_000 == 0) a.executeBatch();
                }
                a.executeBatch();
                for (long i = 1; i <= rows - accounts; i++) {
                    e.setLong(1, i);
                    e.setLong(2, 1 + rnd.nextLong(accounts));
                    e.setString(3, rnd.nextBoolean() ? "deposit" : "withdrawal");
                    e.setString(4, String.format("2024-%02d-%02d %02d:%02d:%02d", 1 + rnd.nextInt(12), 1 + rnd.nextInt(28),
                            rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60)));
                    e.setDouble(5, rnd.nextInt(1_000_000) / 100.0);
                    e.addBatch();
                    if (i % 10_000 == 0) e.executeBatch();
                }
                e.executeBatch();
            }
            c.commit();
        }
        System.err.printf("wrote %d rows to %s in %.1f s%n", rows, mysql ? "MySQL" : out + " (" + (Files.size(out) >> 20) + " MB)",
                (System.nanoTime() - t0) / 1e9);
    }
}
