package dev.drover.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.Statement;

/**
 * The test kit's MariaDB as a stand-alone server for the database benchmark ({@code bench/run-db-benchmark.sh
 * --source mysql}): creates the database {@code bench}, prints {@code READY mysql://user:password@host:port/bench}
 * (a throw-away local test account) and serves until its standard input closes.
 */
public final class StandaloneMariaDb {
    private StandaloneMariaDb() {}

    public static void main(String[] args) throws Exception {
        TestMysql m = TestMysql.get(); // stopped by its own shutdown hook
        try (Connection c = m.connect(""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS bench");
            s.execute("CREATE DATABASE bench CHARACTER SET utf8mb4");
        }
        System.out.println("READY mysql://" + m.user() + (m.password() == null ? "" : ":" + m.password()) + "@" + m.host() + ":"
                + m.port() + "/bench");
        System.out.flush();
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // input is ignored
            }
        } catch (IOException ignored) {
            // treated like end of file
        }
        System.exit(0);
    }
}
