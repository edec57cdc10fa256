package dev.drover.engine.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a small, deterministic SQLite "shop" database: the file newcomers migrate first, tests load, and
 * screenshots show. Same scale and seed give the same rows, because every value comes from one
 * {@link Random} in a fixed order and no value depends on the clock.
 *
 * <p>Tables, with rows per {@code scale} unit (the default scale {@value #DEFAULT_SCALE} gives about 100,000 rows):
 * <ul>
 *   <li>{@code customers} (50 per unit): {@code id INTEGER PRIMARY KEY AUTOINCREMENT}, a UNIQUE {@code email},
 *       non-ASCII names, {@code BOOLEAN}, {@code DATE}, {@code JSON}, {@code DATETIME DEFAULT CURRENT_TIMESTAMP},
 *       a string default;</li>
 *   <li>{@code products} (10 per unit, plus 10): a rowid-alias key, a unique index on {@code sku},
 *       {@code DECIMAL(10,2)} with a named CHECK, {@code REAL}, {@code BLOB}, a {@code (date('now'))} default;</li>
 *   <li>{@code orders} (200 per unit): a foreign key to customers ({@code ON UPDATE CASCADE ON DELETE RESTRICT}),
 *       a two-column index and a partial index;</li>
 *   <li>{@code order_lines} (1 to 6 per order): foreign keys to orders ({@code ON DELETE CASCADE}) and products,
 *       a two-column UNIQUE constraint, a CHECK on quantity, numeric defaults.</li>
 * </ul>
 * DECIMAL values are stored the way SQLite stores them (NUMERIC affinity): 12.5 as REAL, 12.00 as INTEGER.
 *
 * <p>Planted anomalies: rows that SQLite accepts and PostgreSQL rejects, or that exercise zero/odd-value
 * handling. Each one is at a fixed row whatever the scale and seed:
 * <ol>
 *   <li>{@code customers} id {@value #OVERLONG_NAME_CUSTOMER_ID}: {@code name} longer than its {@code VARCHAR(80)}
 *       (SQLite ignores lengths);</li>
 *   <li>{@code customers} id {@value #INVALID_DATE_CUSTOMER_ID}: {@code birth_date} is {@code '1987-02-30'},
 *       a date that does not exist;</li>
 *   <li>{@code products} id {@value #NON_NUMERIC_STOCK_PRODUCT_ID}: {@code stock}, an {@code INTEGER NOT NULL}
 *       column, holds the text {@code 'n/a'};</li>
 *   <li>{@code orders} id {@value #ZERO_DATE_ORDER_ID}: {@code ordered_on}, a {@code DATE NOT NULL} column, is the
 *       zero date {@code '0000-00-00'} (pgloader would turn it into NULL, which NOT NULL then rejects);</li>
 *   <li>{@code order_lines} id {@value #ORPHAN_LINE_ID}: {@code order_id} is {@value #ORPHAN_ORDER_ID}, an order
 *       that does not exist (SQLite does not enforce foreign keys unless asked).</li>
 * </ol>
 */
public final class ShopSample {
    public static final int DEFAULT_SCALE = 100;
    public static final long DEFAULT_SEED = 20240601L;

    public static final long OVERLONG_NAME_CUSTOMER_ID = 4;
    public static final long INVALID_DATE_CUSTOMER_ID = 9;
    public static final long NON_NUMERIC_STOCK_PRODUCT_ID = 6;
    public static final long ZERO_DATE_ORDER_ID = 13;
    public static final long ORPHAN_LINE_ID = 1;
    public static final long ORPHAN_ORDER_ID = 999_999;

    private static final String[] SCHEMA = {
        """
        CREATE TABLE customers (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            email       VARCHAR(80) NOT NULL UNIQUE,
            name        VARCHAR(80) NOT NULL,
            country     TEXT NOT NULL DEFAULT 'FR',
            birth_date  DATE,
            vip         BOOLEAN NOT NULL DEFAULT 0,
            preferences JSON,
            created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
        )""",
        """
        CREATE TABLE products (
            id        INTEGER PRIMARY KEY,
            sku       VARCHAR(20) NOT NULL,
            name      VARCHAR(80) NOT NULL,
            price     DECIMAL(10,2) NOT NULL CONSTRAINT price_not_negative CHECK (price >= 0),
            weight_kg REAL,
            stock     INTEGER NOT NULL DEFAULT 0,
            photo     BLOB,
            added_on  DATE NOT NULL DEFAULT (date('now'))
        )""",
        "CREATE UNIQUE INDEX products_sku ON products (sku)",
        """
        CREATE TABLE orders (
            id          INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (id) ON UPDATE CASCADE ON DELETE RESTRICT,
            ordered_on  DATE NOT NULL,
            status      VARCHAR(12) NOT NULL DEFAULT 'new',
            total       DECIMAL(10,2),
            note        TEXT
        )""",
        "CREATE INDEX orders_customer_date ON orders (customer_id, ordered_on)",
        "CREATE INDEX orders_open ON orders (ordered_on) WHERE status IN ('new', 'paid')",
        """
        CREATE TABLE order_lines (
            id         INTEGER PRIMARY KEY,
            order_id   INTEGER NOT NULL,
            line_no    INTEGER NOT NULL,
            product_id INTEGER NOT NULL,
            quantity   INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
            unit_price DECIMAL(10,2) NOT NULL,
            discount   REAL NOT NULL DEFAULT 0.0,
            UNIQUE (order_id, line_no),
            FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
            FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE RESTRICT
        )""",
    };

    private static final String[] FIRST = {"Anna", "Zoë", "José", "Łukasz", "Chloé", "Björn", "Ingrid", "Mehmet",
        "Aiko", "Sofía", "Noah", "Élodie", "Jürgen", "Ελένη", "Дмитрий", "さくら", "Liam", "Amélie", "Søren", "Fatima"};
    private static final String[] LAST = {"Martin", "Ångström", "Núñez", "Wójcik", "Dubois", "Öztürk", "Müller",
        "渡辺", "Papadopoulou", "Ivanov", "García", "O'Brien", "Smith", "Lefèvre", "Nakamura", "Kowalski", "Rossi",
        "Haddad", "Jensen", "Silva"};
    private static final String[] COUNTRIES = {"FR", "DE", "ES", "PL", "SE", "JP", "GR", "US", "IT", "TR"};
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "exemple.fr"};
    private static final String[] PRODUCT_WORDS = {"Café ☕ mug", "Crème brûlée set", "Smørrebrød board",
        "Matcha whisk 抹茶", "Piñata", "Gänseblümchen vase", "Teapot", "Desk lamp", "Notebook", "Backpack",
        "Water bottle", "Umbrella", "Headphones", "Socks (pair)", "Scarf", "Candle", "Puzzle 1000 pcs"};
    private static final String[] STATUSES = {"new", "paid", "paid", "shipped", "shipped", "shipped", "cancelled"};
    private static final String[] NOTES = {"Livraison après 18h ☀", "Bitte nicht knicken", "🎁 gift wrap, please",
        "请把包裹放在门口", "Leave at the door; ring twice", "Zamówienie firmowe — faktura VAT"};
    private static final double[] DISCOUNTS = {0.05, 0.1, 0.15, 0.2};
    private static final String OVERLONG_NAME = "Maria Magdalena Józefa Hortensja Wiśniewska-Brzęczyszczykiewicz"
            + " de la Fontaine y Núñez-Ørsted";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final LocalDateTime EPOCH = LocalDateTime.of(2019, 1, 1, 0, 0);

    private ShopSample() {}

    /**
     * Writes the sample to {@code file}, replacing it if it exists (the new file is written next to it and
     * moved into place, so a failure leaves no half-written database behind).
     *
     * @param scale 1 or more; {@value #DEFAULT_SCALE} gives about 100,000 rows, 1 about 1,000
     * @return {@code file}
     */
    public static Path generate(Path file, int scale, long seed) throws IOException, SQLException {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be 1 or more, got " + scale);
        }
        Path target = file.toAbsolutePath();
        Path parent = target.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp)) {
                write(c, scale, new Random(seed));
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    private static void write(Connection c, int scale, Random rnd) throws SQLException {
        try (Statement st = c.createStatement()) {
            // A throw-away file being built: no journal, no fsync; the move into place is the commit.
            st.execute("PRAGMA journal_mode = OFF");
            st.execute("PRAGMA synchronous = OFF");
            st.execute("PRAGMA foreign_keys = OFF"); // the orphan line must get in, as in real SQLite files
            for (String ddl : SCHEMA) {
                st.execute(ddl);
            }
        }
        c.setAutoCommit(false);
        int customers = 50 * scale;
        int products = 10 * scale + 10;
        int orders = 200 * scale;
        customers(c, customers, rnd);
        long[] priceCents = products(c, products, rnd);
        ordersAndLines(c, orders, customers, priceCents, rnd);
        c.commit();
    }

    private static void customers(Connection c, int count, Random rnd) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO customers (id, email, name, country, birth_date,"
                + " vip, preferences, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int id = 1; id <= count; id++) {
                String first = pick(FIRST, rnd);
                String last = pick(LAST, rnd);
                String name = id == OVERLONG_NAME_CUSTOMER_ID ? OVERLONG_NAME : first + " " + last;
                ps.setLong(1, id);
                ps.setString(2, slug(first) + "." + slug(last) + "." + id + "@" + pick(DOMAINS, rnd));
                ps.setString(3, name);
                ps.setString(4, pick(COUNTRIES, rnd));
                String birth = LocalDate.of(1940, 1, 1).plusDays(rnd.nextInt(65 * 365)).toString();
                if (id == INVALID_DATE_CUSTOMER_ID) {
                    birth = "1987-02-30";
                } else if (rnd.nextInt(10) == 0) {
                    birth = null;
                }
                setOrNull(ps, 5, birth);
                ps.setInt(6, rnd.nextInt(8) == 0 ? 1 : 0);
                String prefs = switch (rnd.nextInt(4)) {
                    case 0 -> null;
                    case 1 -> "{\"newsletter\":true,\"lang\":\"" + pick(COUNTRIES, rnd).toLowerCase(Locale.ROOT) + "\"}";
                    case 2 -> "{\"newsletter\":false}";
                    default -> "{\"newsletter\":true,\"tags\":[\"early\",\"ökö\"],\"limit\":" + rnd.nextInt(500) + "}";
                };
                setOrNull(ps, 7, prefs);
                ps.setString(8, EPOCH.plusSeconds(rnd.nextInt(5 * 365 * 86_400)).format(TIMESTAMP));
                ps.addBatch();
                if (id % 1000 == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** @return each product's price in cents, by id (index 0 unused), for the order lines */
    private static long[] products(Connection c, int count, Random rnd) throws SQLException {
        long[] prices = new long[count + 1];
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO products (id, sku, name, price, weight_kg, stock,"
                + " photo, added_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int id = 1; id <= count; id++) {
                long cents = 99 + rnd.nextInt(20_000);
                if (rnd.nextInt(5) == 0) {
                    cents = cents / 100 * 100; // whole prices, which SQLite stores as INTEGER in a DECIMAL column
                }
                prices[id] = cents;
                ps.setLong(1, id);
                ps.setString(2, String.format(Locale.ROOT, "SKU-%05d", id));
                ps.setString(3, pick(PRODUCT_WORDS, rnd) + " #" + id);
                ps.setDouble(4, cents / 100.0);
                if (rnd.nextInt(6) == 0) {
                    ps.setNull(5, Types.REAL);
                } else {
                    ps.setDouble(5, Math.round(rnd.nextDouble() * 5000) / 1000.0);
                }
                if (id == NON_NUMERIC_STOCK_PRODUCT_ID) {
                    ps.setString(6, "n/a");
                } else {
                    ps.setLong(6, rnd.nextInt(250));
                }
                if (rnd.nextInt(3) == 0) {
                    byte[] photo = new byte[32];
                    rnd.nextBytes(photo);
                    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
                    System.arraycopy(png, 0, photo, 0, png.length);
                    ps.setBytes(7, photo);
                } else {
                    ps.setNull(7, Types.BLOB);
                }
                ps.setString(8, LocalDate.of(2018, 1, 1).plusDays(rnd.nextInt(2000)).toString());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return prices;
    }

    private static void ordersAndLines(Connection c, int orders, int customers, long[] priceCents, Random rnd)
            throws SQLException {
        try (PreparedStatement order = c.prepareStatement("INSERT INTO orders (id, customer_id, ordered_on, status,"
                + " total, note) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement line = c.prepareStatement("INSERT INTO order_lines (id, order_id, line_no, product_id,"
                + " quantity, unit_price, discount) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int products = priceCents.length - 1;
            long lineId = ORPHAN_LINE_ID;
            addLine(line, lineId++, ORPHAN_ORDER_ID, 1, 1, 1, priceCents[1], 0.0);
            for (int id = 1; id <= orders; id++) {
                int lines = 1 + rnd.nextInt(6);
                long totalCents = 0;
                for (int n = 1; n <= lines; n++) {
                    int product = 1 + rnd.nextInt(products);
                    int quantity = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(9) : 0);
                    double discount = rnd.nextInt(5) == 0 ? DISCOUNTS[rnd.nextInt(DISCOUNTS.length)] : 0.0;
                    long unit = priceCents[product];
                    totalCents += Math.round(unit * quantity * (1 - discount));
                    addLine(line, lineId++, id, n, product, quantity, unit, discount);
                }
                order.setLong(1, id);
                order.setLong(2, 1 + rnd.nextInt(customers));
                String date = LocalDate.of(2019, 1, 1).plusDays(rnd.nextInt(5 * 365)).toString();
                order.setString(3, id == ZERO_DATE_ORDER_ID ? "0000-00-00" : date);
                order.setString(4, pick(STATUSES, rnd));
                order.setDouble(5, totalCents / 100.0);
                setOrNull(order, 6, rnd.nextInt(12) == 0 ? pick(NOTES, rnd) : null);
                order.addBatch();
                if (id % 1000 == 0) {
                    order.executeBatch();
                    line.executeBatch();
                }
            }
            order.executeBatch();
            line.executeBatch();
        }
    }

    private static void addLine(PreparedStatement line, long id, long orderId, int lineNo, int product, int quantity,
                                long unitCents, double discount) throws SQLException {
        line.setLong(1, id);
        line.setLong(2, orderId);
        line.setInt(3, lineNo);
        line.setInt(4, product);
        line.setInt(5, quantity);
        line.setDouble(6, unitCents / 100.0);
        line.setDouble(7, discount);
        line.addBatch();
    }

    private static String pick(String[] values, Random rnd) {
        return values[rnd.nextInt(values.length)];
    }

    private static void setOrNull(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /** An ASCII e-mail part: accents stripped, anything else dropped ("user" when nothing is left, e.g. 渡辺). */
    private static String slug(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "")
                .toLowerCase(Locale.ROOT);
        return ascii.isEmpty() ? "user" : ascii;
    }

    /** {@code ShopSample out.db [scale] [seed]}: writes the sample database and prints what it wrote. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: ShopSample out.db [scale (default " + DEFAULT_SCALE + ")] [seed]");
            System.exit(2);
        }
        int scale = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SCALE;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
        long start = System.nanoTime();
        Path out = generate(Path.of(args[0]), scale, seed);
        System.out.printf(Locale.ROOT, "wrote %s (scale %d, seed %d) in %d ms%n", out.toAbsolutePath(), scale, seed,
                (System.nanoTime() - start) / 1_000_000);
    }
}
