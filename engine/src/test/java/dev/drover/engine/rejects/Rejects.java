package dev.drover.engine.rejects;

import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.report.RunReport;
import dev.drover.engine.run.Cancellation;
import dev.drover.engine.run.Engine;
import dev.drover.testkit.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real load of a CSV file with one bad row of each kind the browser must show. */
final class Rejects {
    private Rejects() {}

    static final String TABLE = "CREATE TABLE items (id integer, name varchar(5), qty integer, note text)";

    /**
     * Lines 2, 8 and 9 load; rejected: line 3 (name too long), 4 and 10 (qty not an integer), 5 (a NUL byte),
     * 6 (a Latin-1 byte), 11 (a quote never closed, so last).
     */
    static byte[] plantedCsv() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(utf8("id,name,qty,note\n1,ok,3,fine\n2,toolongname,3,x\n3,ok,n/a,x\n5,ok,5,a"));
        b.write(0);
        b.writeBytes(utf8("b\n6,ok,6,caf"));
        b.write(0xe9);
        b.writeBytes(utf8("\n7,\"\",7,\"tab\there\"\n8,ok,8,end\n10,ok,ten,\"two\nlines\"\n11,\"oops,11,x\n"));
        return b.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Path write(Path dir, byte[] content) throws IOException {
        Path f = dir.resolve("items.csv");
        Files.write(f, content);
        return f;
    }

    static RunReport load(TestDatabase db, Path file, Path rejectRoot) {
        CsvSource d = CsvSource.defaults(List.of(file.toString()));
        CsvSource src = new CsvSource(d.files(), d.encoding(), d.delimiter(), d.quote(), d.escape(), true, d.skipLines(),
                d.nullMarkers(), d.trimBlanks(), d.extraFields(), d.missingFields());
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec(db.url(), null), LoadOptions.defaults().withRejectDir(rejectRoot),
                List.of(new TableLoad("items", src, List.of())));
        return Engine.run(plan, db.server().password(), e -> { }, new Cancellation());
    }
}
