import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;

/**
 * Writes and changes the SQLite source of the incremental benchmark: one table {@code orders} with an integer
 * primary key, a few typical columns and an {@code updated_at} (with an index on {@code (updated_at, id)}, as a
 * source read by cursor would have).
 *
 * <pre>
 * java -cp engine/target/drover.jar bench/GenerateOrders.java create N out.db [--seed S]
 * java -cp engine/target/drover.jar bench/GenerateOrders.java change out.db PERCENT [--seed S]
 * </pre>
 *
 * {@code create}: N rows, {@code updated_at} in 2024. {@code change}: the nightly case. Every (100 / PERCENT)-th
 * existing row gets a new amount and status and an {@code updated_at} in 2025 (later than any row before), and
 * PERCENT % of N new rows are appended after the largest id, also stamped 2025. Same arguments: same content.
 */
public class GenerateOrders {
    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !(args[0].equals("create") || args[0].equals("change"))) {
            System.err.println("usage: GenerateOrders.java create N out.db [--seed S] | change out.db PERCENT [--seed S]");
            System.exit(2);
        }
        long seed = args.length >= 5 && args[3].equals("--seed") ? Long.parseLong(args[4]) : 42;
        long t0 = System.nanoTime();
        if (args[0].equals("create")) {
            long rows = Long.parseLong(args[1]);
            Path out = Path.of(args[2]);
            Files.deleteIfExists(out);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out); Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = OFF");
                s.execute("PRAGMA synchronous = OFF");
                s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer TEXT NOT NULL, amount NUMERIC(12,2),"
                        + " status TEXT, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, note TEXT)");
                c.setAutoCommit(false);
                insert(c, new Random(seed), 1, rows, 2024);
                s.execute("CREATE INDEX orders_cursor ON orders (updated_at, id)");
                c.commit();
            }
            System.err.printf("wrote %d rows to %s (%d MB) in %.1f s%n", rows, out, Files.size(out) >> 20,
                    (System.nanoTime() - t0) / 1e9);
        } else {
            Path db = Path.of(args[1]);
            double percent = Double.parseDouble(args[2]);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous = OFF");
                c.setAutoCommit(false);
                long max, count;
                try (ResultSet r = s.executeQuery("SELECT max(id), count(*) FROM orders")) {
                    r.next();
                    max = r.getLong(1);
                    count = r.getLong(2);
                }
                long every = Math.max(1, Math.round(100 / percent));
                Random rnd = new Random(seed + 1);
                long updated = 0;
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE orders SET amount = ?, status = ?, updated_at = ? WHERE id = ?")) {
                    for (long id = every; id <= max; id += every) {
                        u.setString(1, amount(rnd));
                        u.setString(2, "changed");
                        u.setString(3, stamp(rnd, 2025));
                        u.setLong(4, id);
                        u.addBatch();
                        updated++;
                        if (updated % 10_000 == 0) u.executeBatch();
                    }
                    u.executeBatch();
                }
                long added = Math.round(count * percent / 100);
                insert(c, rnd, max + 1, added, 2025);
                c.commit();
                System.err.printf("changed %s: %d rows updated, %d added in %.1f s%n", db, updated, added,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    private static final String[] NAMES = {"Łukasz", "李雷", "Zoë", "Ana", "Bob", "Marta", "Søren", "Émile"};
    private static final String[] STATUSES = {"new", "paid", "shipped", "delivered", "returned"};
    private static final String[] NOTES = {"a, b, c, d, e, f", "price: 12,50 € — 🎉 launch", "plain note", "quote \"inside\" here", ""};

    private static void insert(Connection c, Random rnd, long firstId, long rows, int year) throws Exception {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (long i = 0; i < rows; i++) {
                p.setLong(1, firstId + i);
                p.setString(2, NAMES[rnd.nextInt(NAMES.length)] + "_" + rnd.nextInt(100000));
                p.setString(3, amount(rnd));
                p.setString(4, STATUSES[rnd.nextInt(STATUSES.length)]);
                p.setString(5, stamp(rnd, 2024));
                p.setString(6, stamp(rnd, year));
                p.setString(7, NOTES[rnd.nextInt(NOTES.length)]);
                p.addBatch();
                if ((i + 1) % 10_000 == 0) p.executeBatch();
            }
            p.executeBatch();
        }
    }

    private static String amount(Random rnd) {
        return String.format("%d.%02d", rnd.nextInt(1_000_000), rnd.nextInt(100));
    }

    private static String stamp(Random rnd, int year) {
        return String.format("%d-%02d-%02d %02d:%02d:%02d", year, 1 + rnd.nextInt(12), 1 + rnd.nextInt(28),
                rnd.nextInt(24), rnd.nextInt(60), rnd.nextInt(60));
    }
}
