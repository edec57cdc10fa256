package dev.drover.engine.pgloader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.cli.DroverCli;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import dev.drover.testkit.TestMysql;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The acceptance suite of {@code src/test/resources/pgloader/acceptance}: every {@code NAME.load} there runs through
 * {@code drover run} against a real PostgreSQL, and every block of {@code NAME.expected} is compared with what the
 * server then holds. The expectations were written from the pgloader reference, not from Drover's output; the folder's
 * README describes the format.
 */
@ExtendWith(PostgresExtension.class)
class LoadFileAcceptanceTest {
    /** {@code -Ddrover.acceptance.folder=pgloader/acceptance-pending} runs the files that wait for a feature instead. */
    static final String FOLDER = System.getProperty("drover.acceptance.folder", "pgloader/acceptance");
    /** How a SQL NULL is written in an expectation, so that it differs from the empty string. */
    static final String NULL = "\\N";

    /** {@code -Ddrover.acceptance.match=^mysql-} runs only the files whose name this regular expression finds. */
    static final Pattern MATCH = Pattern.compile(System.getProperty("drover.acceptance.match", ""));

    @TempDir static Path work;
    /** {@code mysql://user:password@host:port}, set once the {@code NAME.mysql.sql} scripts have run; else null. */
    private static String mysqlUrl;

    static Stream<String> loadFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".load"))
                    .filter(n -> MATCH.matcher(n).find()).sorted().toList().stream();
        }
    }

    private static Path folder() {
        URL url = LoadFileAcceptanceTest.class.getClassLoader().getResource(FOLDER);
        if (url == null) throw new IllegalStateException(FOLDER + " is not on the test class path");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loadFiles")
    void loadsAsTheReferenceSays(String loadFile, TestDatabase db) throws Exception {
        Path dir = copyOfFolder();
        Path load = dir.resolve(loadFile);
        String name = loadFile.substring(0, loadFile.length() - ".load".length());
        Expected expected = Expected.parse(dir.resolve(name + ".expected"));

        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PGURL", db.url());
        env.put("ACCEPT_TABLE", "acc_mustache_people");
        env.put("ACCEPT_AMPERSAND", "salt & pepper");
        env.remove("ACCEPT_UNDEFINED");
        env.put("PGURL_AUTHORITY", db.url().substring(db.url().indexOf("://") + 3));
        if (mysqlUrl != null) env.put("MYSQLURL", mysqlUrl);
        if (db.server().password() != null) env.put("PGPASSWORD", db.server().password());
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = DroverCli.execute(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env, "run", load.toString(), "--root-dir", dir.resolve("rejects-" + name).toString());
        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code of drover run %s; stderr:%n%s", loadFile, log).isEqualTo(expected.exit());

        for (Block b : expected.blocks()) {
            List<String> actual = rows(db, b.query());
            assertThat(actual).as("%s, query:%n  %s%nexpected:%n%s%nactual:%n%s%ndrover's stderr:%n%s", loadFile, b.query(),
                    String.join("\n", b.rows()), String.join("\n", actual), log).containsExactlyElementsOf(b.rows());
        }
    }

    /**
     * The folder copied once per class into a temporary directory, so inline data, rejects and the SQLite files that
     * {@code NAME.sqlite.sql} scripts describe are made there and not in the sources.
     */
    private static synchronized Path copyOfFolder() throws IOException {
        Path dir = work.resolve("files");
        if (Files.exists(dir)) return dir;
        Path from = folder();
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path to = dir.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path script : files.filter(p -> p.getFileName().toString().endsWith(".sqlite.sql")).toList()) {
                String base = script.getFileName().toString().replace(".sqlite.sql", ".db");
                sqlite(dir.resolve(base), Files.readString(script));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> scripts = files.filter(p -> p.getFileName().toString().endsWith(".mysql.sql")).sorted().toList();
            // the MariaDB starts only when some file needs it
            if (!scripts.isEmpty()) {
                TestMysql server = TestMysql.get();
                for (Path script : scripts) {
                    mysql(server, mysqlDatabase(script.getFileName().toString()), Files.readString(script));
                }
                String url = server.url("");
                mysqlUrl = url.substring(0, url.length() - 1);
            }
        }
        return dir;
    }

    /** {@code NAME.mysql.sql} builds database {@code acc_NAME}, every character outside {@code [a-z0-9_]} made {@code _}. */
    static String mysqlDatabase(String scriptName) {
        String base = scriptName.substring(0, scriptName.length() - ".mysql.sql".length());
        return "acc_" + base.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    /** Drops and creates the database, then runs the script in it, statement by statement as {@link #sqlite} does. */
    private static void mysql(TestMysql server, String database, String script) throws IOException {
        try (Connection c = server.connect(null); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS `" + database + "`");
            s.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
            s.execute("USE `" + database + "`");
            for (String q : script.split(";\\s*(\\n|$)")) {
                if (!q.isBlank()) s.execute(q);
            }
        } catch (java.sql.SQLException e) {
            throw new UncheckedIOException(new IOException(database + ": " + e.getMessage(), e));
        }
    }

    /** Runs a script of statements, each ended by a semicolon at the end of a line. */
    private static void sqlite(Path file, String script) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String q : script.split(";\\s*(\\n|$)")) {
                if (!q.isBlank()) s.execute(q);
            }
        } catch (java.sql.SQLException e) {
            throw new UncheckedIOException(new IOException(file + ": " + e.getMessage(), e));
        }
    }

    /** Each row as psql's unaligned output shows it: values joined by {@code |}, NULL as {@code \N}. */
    private static List<String> rows(TestDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            List<String> out = new ArrayList<>();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    if (i > 1) row.append('|');
                    String v = r.getString(i);
                    row.append(v == null ? NULL : v);
                }
                out.add(row.toString());
            }
            return out;
        }
    }

    record Block(String query, List<String> rows) {}

    /**
     * {@code NAME.expected}: an optional first line {@code exit N} (default 0), lines starting with {@code #} are
     * comments, then blocks: a line {@code -- QUERY} followed by the exact rows. Trailing blank lines of a block are
     * not rows.
     */
    record Expected(int exit, List<Block> blocks) {
        static Expected parse(Path file) throws IOException {
            assertThat(file).as("every .load of the acceptance folder has its .expected").exists();
            int exit = 0;
            List<Block> blocks = new ArrayList<>();
            String query = null;
            List<String> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (query == null && line.startsWith("exit ")) {
                    exit = Integer.parseInt(line.substring(5).trim());
                } else if (line.startsWith("-- ")) {
                    if (query != null) blocks.add(new Block(query, trimmed(rows)));
                    query = line.substring(3).trim();
                    rows = new ArrayList<>();
                } else if (query == null) {
                    assertThat(line.isBlank() || line.startsWith("#")).as("%s: text before the first query: %s", file, line).isTrue();
                } else if (!line.startsWith("#")) {
                    rows.add(line);
                }
            }
            if (query != null) blocks.add(new Block(query, trimmed(rows)));
            assertThat(blocks).as("%s has at least one query", file).isNotEmpty();
            return new Expected(exit, blocks);
        }

        private static List<String> trimmed(List<String> rows) {
            int n = rows.size();
            while (n > 0 && rows.get(n - 1).isEmpty()) n--;
            return List.copyOf(rows.subList(0, n));
        }
    }
}
