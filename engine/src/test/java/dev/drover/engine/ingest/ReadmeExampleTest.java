package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Java API: incremental ingest" example, kept runnable: edit both together. */
@ExtendWith(PostgresExtension.class)
class ReadmeExampleTest {

    /** Stands in for an upstream system: (id, name, updated), ordered by updated. */
    record Customer(long id, String name, long updated) {}

    static final List<Customer> UPSTREAM = new ArrayList<>(List.of(
            new Customer(1, "Ann", 100), new Customer(2, "Bob", 105), new Customer(3, "Cy", 110)));

    // --- README example starts here
    static final TableSpec CUSTOMERS = TableSpec.builder("crm", "customers")
            .notNull("id", "bigint").column("name", "text").notNull("updated", "bigint")
            .primaryKey("id").build();

    /** Everything changed after the watermark, in batches of 1,000 rows; the watermark is the last "updated". */
    static Iterator<Batch> changesSince(JsonNode watermark) {
        long after = watermark.isNull() ? Long.MIN_VALUE : watermark.asLong();
        List<Customer> changed = UPSTREAM.stream().filter(c -> c.updated() > after).toList();
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < changed.size(); i += 1000) {
            List<Customer> page = changed.subList(i, Math.min(i + 1000, changed.size()));
            List<TableRow> rows = page.stream()
                    .map(c -> TableRow.of(CUSTOMERS, c.id(), c.name(), c.updated())).toList();
            batches.add(Batch.of(page.get(page.size() - 1).updated(), "rows " + i, rows));
        }
        return batches.iterator();
    }

    static IngestResult sync(Connection conn) throws IngestException {
        return IncrementalIngest.run(conn, List.of(CUSTOMERS), ReadmeExampleTest::changesSince,
                IngestOptions.builder()
                        .upsert(Upsert.IF_PRIMARY_KEY)              // the default
                        .highWatermark(HighWatermark.LATEST)        // the default: resume after the last commit
                        .onBeforeVisible((c, table, meta) -> System.out.println(table.display() + ": " + meta))
                        .build());
    }
    // --- README example ends here

    @Test
    void theReadmeExampleLoadsEverythingThenOnlyTheChanges(TestDatabase db, Connection conn) throws Exception {
        IngestResult first = sync(conn);
        assertThat(first.total(CUSTOMERS.ref()).inserted()).isEqualTo(3);
        assertThat(first.lastWatermark().asLong()).isEqualTo(110);

        UPSTREAM.set(1, new Customer(2, "Bobby", 120));
        UPSTREAM.add(new Customer(4, "Dee", 121));
        IngestResult second = sync(conn);

        assertThat(second.startWatermark().asLong()).isEqualTo(110);
        assertThat(second.total(CUSTOMERS.ref()).rowsRead()).isEqualTo(2);
        assertThat(db.rows("SELECT id, name FROM crm.customers ORDER BY id")).containsExactly(
                List.of("1", "Ann"), List.of("2", "Bobby"), List.of("3", "Cy"), List.of("4", "Dee"));
        assertThat(db.rows("SELECT high_watermark::text FROM drover.ingest_state WHERE stream_id = '\"crm\".\"customers\"'"))
                .containsExactly(List.of("121"));
    }
}
