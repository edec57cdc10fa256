package dev.drover.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class SourceModelTest {
    @TempDir
    Path home;

    private SourceModel model() {
        return new SourceModel(home, Map.of());
    }

    @Test
    void nextNeedsAKindFirst() {
        SourceModel m = model();
        assertThat(m.firstBlocking().orElseThrow().message()).isEqualTo("Choose what to migrate from.");
        m.setKind(SourceKind.SQLITE);
        assertThat(m.firstBlocking().orElseThrow().message())
                .isEqualTo("Choose a SQLite database file, or use the sample shop database.");
        m.setSqliteFile(home.resolve("missing.db"));
        assertThat(m.firstBlocking().orElseThrow().message()).startsWith("There is no file ").endsWith("missing.db.");
    }

    @Test
    void aServerKindIsCheckedByItsForm() {
        SourceModel m = model();
        m.setKind(SourceKind.MYSQL);
        assertThat(m.problems()).extracting(Problem::field).containsExactly(Field.DATABASE, Field.USER);
        m.form(SourceKind.MYSQL).setDatabase("shop");
        m.form(SourceKind.MYSQL).setUser("root");
        assertThat(m.problems()).isEmpty();
        assertThat(m.sourceUrl()).contains("mysql://root@localhost:3306/shop");
        assertThat(m.passwordEnv()).isEmpty();
    }

    @Test
    void theSampleIsWrittenOnceUnderHomeAndTestsAsASqliteSource() throws Exception {
        SourceModel m = model();
        m.setKind(SourceKind.SQLITE);
        Path sample = m.sampleWriter().call();
        assertThat(sample).isEqualTo(home.resolve("sample/shop.db")).isRegularFile();
        long written = Files.getLastModifiedTime(sample).toMillis();
        Files.setLastModifiedTime(sample, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));
        assertThat(m.sampleWriter().call()).isEqualTo(sample);
        assertThat(Files.getLastModifiedTime(sample).toMillis()).as("reused, not written again").isEqualTo(written - 60_000);

        m.setSqliteFile(sample);
        assertThat(m.problems()).isEmpty();
        assertThat(m.sourceUrl()).contains("sqlite://" + sample);
        ConnectionCheck c = m.connectionTest().call();
        assertThat(c.ok()).as(c.details()).isTrue();
        assertThat(c.message()).startsWith("Opened shop.db: 4 tables, 0 views");
    }

    @Test
    void aFileThatIsNotSqliteSaysSo() throws Exception {
        Path notDb = home.resolve("notes.db");
        Files.writeString(notDb, "just some text, long enough to be read as a header by SQLite, which wants 100 bytes"
                + " of header before it decides what the file is...");
        SourceModel m = model();
        m.setKind(SourceKind.SQLITE);
        m.setSqliteFile(notDb);
        ConnectionCheck c = m.connectionTest().call();
        assertThat(c.ok()).isFalse();
        assertThat(c.message()).startsWith("not a SQLite database: ").contains("notes.db");
        assertThat(c.message()).doesNotContain("\n");
    }

    @Test
    void postgresSourceConnectsAndNamesAnUnknownDatabase(TestDatabase db) throws Exception {
        db.execute("CREATE TABLE IF NOT EXISTS t1 (id int primary key)", "CREATE TABLE IF NOT EXISTS t2 (id int)");
        SourceModel m = model();
        m.setKind(SourceKind.POSTGRES);
        ConnectionForm f = m.form(SourceKind.POSTGRES);
        f.setHost(db.server().host());
        f.setPort(Integer.toString(db.server().port()));
        f.setUser(db.server().user());
        if (db.server().password() != null) f.setPassword(db.server().password());
        f.setDatabase(db.name());
        ConnectionCheck ok = m.connectionTest().call();
        assertThat(ok.ok()).as(ok.details()).isTrue();
        assertThat(ok.message()).startsWith("Connected to PostgreSQL at " + db.server().host() + ":" + db.server().port()
                + ", database " + db.name() + ": 2 tables, 0 views");

        f.setDatabase("no_such_db_here");
        ConnectionCheck missing = m.connectionTest().call();
        assertThat(missing.ok()).isFalse();
        assertThat(missing.message()).isEqualTo("Database 'no_such_db_here' does not exist on " + db.server().host() + ":"
                + db.server().port() + ": check its name.");
        assertThat(missing.details()).contains("3D000");
    }

    @Test
    void aClosedPortSaysNothingAnswers() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SourceModel m = model();
        m.setKind(SourceKind.POSTGRES);
        ConnectionForm f = m.form(SourceKind.POSTGRES);
        f.setHost("127.0.0.1");
        f.setPort(Integer.toString(port));
        f.setUser("u");
        f.setDatabase("d");
        ConnectionCheck c = m.connectionTest().call();
        assertThat(c.message()).isEqualTo("Nothing answers at 127.0.0.1:" + port + ": check that PostgreSQL is running there"
                + " and that the port is right (a firewall may also block it).");
        assertThat(c.details()).contains("Connection refused");
    }

    @Test
    void csvSettingsAreSniffedAndThePreviewFollowsEdits() throws Exception {
        Path csv = home.resolve("people.csv");
        Files.writeString(csv, "id;name;city\n1;Zoë;Lyon\n2;José;Sevilla\n3;\"Ann; Bo\";Oslo\n", StandardCharsets.UTF_8);
        SourceModel m = model();
        m.setKind(SourceKind.FILES);
        assertThat(m.firstBlocking().orElseThrow().message()).isEqualTo("Choose a CSV file.");
        m.chooseCsvFile(csv);
        assertThat(m.csvDelimiter()).isEqualTo(";");
        assertThat(m.csvHeader()).isTrue();
        assertThat(m.csvEncoding()).containsIgnoringCase("utf");
        CsvPreview p = m.csvPreview();
        assertThat(p.columns()).containsExactly("id", "name", "city");
        assertThat(p.rows()).hasSize(3);
        assertThat(p.rows().get(2)).containsExactly("3", "Ann; Bo", "Oslo");

        m.setCsvHeader(false);
        m.setCsvDelimiter(",");
        CsvPreview edited = m.csvPreview();
        assertThat(edited.columns()).containsExactly("column 1");
        assertThat(edited.rows().get(0)).containsExactly("id;name;city");

        m.setCsvEncoding("utf-42");
        assertThat(m.problem(Field.CSV_ENCODING).orElseThrow().message()).startsWith("Unknown encoding 'utf-42'");
        assertThat(m.csvSource()).isEmpty();
        m.setCsvEncoding("UTF-8");
        m.setCsvQuote(",");
        assertThat(m.problem(Field.CSV_QUOTE).orElseThrow().message()).isEqualTo("The quote and the delimiter must differ.");
        m.setCsvQuote("\"");
        assertThat(m.csvSource().orElseThrow().files()).containsExactly(csv.toString());
        assertThat(m.sourceUrl()).isEmpty();
    }

    @Test
    void aFixedWidthFileIsCutByItsLayoutAndTheLayoutRoundTrips() throws Exception {
        Path txt = home.resolve("people.txt");
        Files.writeString(txt, "ID   NAME      \n00001Zoë       \n00002José      \n00003\n", StandardCharsets.UTF_8);
        SourceModel m = model();
        m.setKind(SourceKind.FILES);
        m.chooseCsvFile(txt);
        m.setCsvFixed(true);
        assertThat(m.problem(Field.CSV_FIXED).orElseThrow().message()).startsWith("Write the fields as NAME:FROM:FOR");
        m.setCsvFixedLayout("id:0:5, name:5");
        assertThat(m.problem(Field.CSV_FIXED).orElseThrow().message()).startsWith("Cannot read 'name:5'");
        assertThat(m.csvSource()).isEmpty();
        m.setCsvFixedLayout("id:0:5, name:5:10[trim right whitespace, null if blanks]");
        m.setCsvHeader(true);
        assertThat(m.problem(Field.CSV_FIXED)).isEmpty();
        CsvPreview p = m.csvPreview();
        assertThat(p.columns()).containsExactly("id", "name");
        // characters, not bytes: ë and é take one position; a line that ends before a field gives NULL
        assertThat(p.rows()).containsExactly(List.of("00001", "Zoë"), List.of("00002", "José"), java.util.Arrays.asList("00003", null));
        var src = m.csvSource().orElseThrow();
        assertThat(src.isFixed()).isTrue();
        assertThat(src.skipLines()).isEqualTo(1);
        // the layout as a saved plan holds it comes back in the page
        SourceModel again = model();
        again.load(src);
        assertThat(again.csvFixed()).isTrue();
        assertThat(again.csvHeader()).isTrue();
        assertThat(dev.drover.engine.plan.FixedLayout.parse(again.csvFixedLayout())).isEqualTo(src.fixed());
    }

    @Test
    void aSavedSourceUrlFillsThePage() throws Exception {
        SourceModel m = model();
        m.load("mysql://ana@db.example.com:3307/shop?sslmode=require");
        assertThat(m.kind()).contains(SourceKind.MYSQL);
        assertThat(m.form(SourceKind.MYSQL).port()).isEqualTo("3307");
        assertThat(m.sourceUrl()).contains("mysql://ana@db.example.com:3307/shop?sslmode=require");
        m.load("sqlite:///tmp/x/shop.db");
        assertThat(m.kind()).contains(SourceKind.SQLITE);
        assertThat(m.sqliteFile()).contains(Path.of("/tmp/x/shop.db"));
    }

    @Test
    void listenersHearChanges() {
        SourceModel m = model();
        List<String> heard = new java.util.ArrayList<>();
        m.addListener(() -> heard.add("changed"));
        m.setKind(SourceKind.SQLITE);
        assertThat(heard).hasSize(1);
    }
}
