package dev.drover.engine.run;

import dev.drover.engine.plan.ColumnSpec;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.plan.LoadOptions;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.TableLoad;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.report.RunReport;
import dev.drover.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small helpers to run real loads in tests. */
final class Loads {
    private Loads() {}

    static Path write(Path dir, String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    static CsvSource csv(Path file, boolean header) {
        CsvSource d = CsvSource.defaults(List.of(file.toString()));
        return new CsvSource(d.files(), d.encoding(), d.delimiter(), d.quote(), d.escape(), header, d.skipLines(),
                d.nullMarkers(), d.trimBlanks(), d.extraFields(), d.missingFields());
    }

    static LoadOptions options(Path rejectDir) {
        return LoadOptions.defaults().withRejectDir(rejectDir);
    }

    static RunReport run(TestDatabase db, String table, CsvSource src, LoadOptions o, ColumnSpec... cols) {
        return run(db, List.of(new TableLoad(table, src, List.of(cols))), o, new Cancellation(), new ArrayList<>());
    }

    /** An event list that lets a test act on each event as the engine sends it (on the engine's thread). */
    static List<RunEvent> reacting(java.util.function.Consumer<RunEvent> action) {
        return new ArrayList<>() {
            @Override
            public boolean add(RunEvent e) {
                action.accept(e);
                return super.add(e);
            }
        };
    }

    static RunReport run(TestDatabase db, List<TableLoad> loads, LoadOptions o, Cancellation c, List<RunEvent> events) {
        Plan plan = new Plan(Plan.CURRENT_VERSION, new TargetSpec(db.url(), null), o, loads);
        return Engine.run(plan, db.server().password(), e -> {
            synchronized (events) {
                events.add(e);
            }
        }, c);
    }
}
