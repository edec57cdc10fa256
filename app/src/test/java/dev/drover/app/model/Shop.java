package dev.drover.app.model;

import dev.drover.engine.sample.ShopSample;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** The sample shop (scale 1: about 1,000 rows) as the wizard's source. */
final class Shop {
    private Shop() {}

    static Path file(Path dir) throws Exception {
        return ShopSample.generate(dir.resolve("shop.db"), 1, ShopSample.DEFAULT_SEED);
    }

    static String url(Path file) {
        return "sqlite://" + file.toAbsolutePath();
    }

    /** The shop opened, and a draft that reads it. */
    static OpenedSource open(Path dir, Observable<Draft> draft) throws Exception {
        Path f = file(dir);
        draft.set(draft.get().withSource(url(f)));
        return OpenedSource.open(url(f));
    }

    static long count(Path file, String table) throws Exception {
        return value(file, "SELECT count(*) FROM " + table);
    }

    /** The first column of the first row of a query on the file, as a number. */
    static long value(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
