package dev.drover.engine.source.mysql;

import dev.drover.testkit.MysqlDatabase;
import java.sql.SQLException;

/** Small real schemas for the MySQL source tests, written as a MySQL user would write them. */
public final class MysqlSchemas {
    private MysqlSchemas() {}

    /** Every type family, with awkward names, defaults, comments and zero dates. */
    public static void allTypes(MysqlDatabase db) throws SQLException {
        db.execute("SET SESSION sql_mode = ''", // zero dates need a lax mode to be stored, as in old databases
                "CREATE TABLE `AllTypes` ("
                        + " id INT NOT NULL AUTO_INCREMENT PRIMARY KEY COMMENT 'the key',"
                        + " t TINYINT, tu TINYINT UNSIGNED, flag TINYINT(1) NOT NULL DEFAULT 0,"
                        + " s SMALLINT, su SMALLINT UNSIGNED, m MEDIUMINT, mu MEDIUMINT UNSIGNED,"
                        + " i INT, iu INT UNSIGNED, b BIGINT, bu BIGINT UNSIGNED,"
                        + " b1 BIT(1) DEFAULT b'1', b8 BIT(8) DEFAULT b'101',"
                        + " d DECIMAL(20,6) DEFAULT 0.5, f FLOAT, f2 FLOAT(7,4), dbl DOUBLE,"
                        + " c CHAR(3), vc VARCHAR(40) CHARACTER SET utf8mb4 DEFAULT 'it''s', lat VARCHAR(10) CHARACTER SET latin1,"
                        + " tx TEXT, mtx MEDIUMTEXT, bl BLOB, bin BINARY(16), vb VARBINARY(8),"
                        + " dt DATE, dtm DATETIME(6), ts TIMESTAMP NULL, tm TIME, yr YEAR,"
                        + " zd DATE NOT NULL DEFAULT '0000-00-00', zdt DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00',"
                        + " created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                        + " updated TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),"
                        + " e ENUM('a','b,c','it''s','back\\\\slash','') DEFAULT 'a', st SET('x','y','z'),"
                        + " j JSON, g INT GENERATED ALWAYS AS (i * 2) VIRTUAL,"
                        + " `camelCase` INT, `order` VARCHAR(5) COLLATE utf8mb4_bin"
                        + ") COMMENT 'every type'");
    }

    /** Parents and children with a two-column key, actions, unique keys, indexes and a CHECK. */
    public static void keys(MysqlDatabase db) throws SQLException {
        db.execute("CREATE TABLE region (country CHAR(2) NOT NULL, code VARCHAR(10) NOT NULL, name VARCHAR(100) NOT NULL,"
                        + " PRIMARY KEY (country, code), UNIQUE KEY region_name (country, name))",
                "CREATE TABLE shop (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, country CHAR(2), code VARCHAR(10),"
                        + " title VARCHAR(200) NOT NULL, price DECIMAL(10,2) NOT NULL DEFAULT 0,"
                        + " KEY shop_title (title(20)), KEY shop_place (country, code, title),"
                        + " CONSTRAINT shop_region FOREIGN KEY (country, code) REFERENCES region (country, code)"
                        + " ON DELETE SET NULL ON UPDATE CASCADE,"
                        + " CONSTRAINT price_positive CHECK (`price` >= 0))",
                "CREATE VIEW cheap AS SELECT id, title FROM shop WHERE price < 10");
    }
}
