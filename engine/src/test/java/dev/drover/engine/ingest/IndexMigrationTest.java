package dev.drover.engine.ingest;

import dev.drover.testkit.PostgresExtension;
import dev.drover.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.drover.engine.ingest.IncrementalIngestTest.fixed;
import static dev.drover.engine.ingest.TableMigrationTest.oid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secondary indexes in a {@link TableSpec}: created with a new table, compared by definition, changed concurrently. */
@ExtendWith(PostgresExtension.class)
class IndexMigrationTest {

    private static List<List<String>> indexes(TestDatabase db, String table) throws Exception {
        return db.rows("SELECT indexrelid::regclass::text, regexp_replace(pg_get_indexdef(indexrelid), '^.* USING ', 'USING ')"
                + " FROM pg_index WHERE indrelid = '" + table + "'::regclass AND NOT indisprimary ORDER BY 2");
    }

    private static TableSpec.Builder base(String table) {
        return TableSpec.builder("public", table).notNull("id", "bigint").column("name", "text").column("score", "int").primaryKey("id");
    }

    private static IngestResult load(Connection conn, TableSpec spec, Object... rows) throws Exception {
        List<TableRow> r = new java.util.ArrayList<>();
        for (int i = 0; i < rows.length; i += 3) r.add(TableRow.of(spec, rows[i], rows[i + 1], rows[i + 2]));
        List<Batch> batches = r.isEmpty() ? List.of() : List.of(Batch.of(rows[0], null, r));
        return IncrementalIngest.run(conn, List.of(spec), fixed(new AtomicReference<>(), batches), IngestOptions.defaults());
    }

    @Test
    void aNewTableGetsItsIndexesAndAnUnchangedSpecChangesNothing(TestDatabase db, Connection conn) throws Exception {
        TableSpec spec = base("ix_new").index(TableSpec.Index.on("ix_new_name", "name"))
                .index(new TableSpec.Index(null, false, "USING gin (to_tsvector('simple', name))"))
                .index(new TableSpec.Index("ix_new_partial", true, "(name, score) WHERE score > 0")).build();
        load(conn, spec, 1L, "a", 1);
        assertThat(indexes(db, "ix_new")).extracting(r -> r.get(1)).containsExactly(
                "USING btree (name)", "USING btree (name, score) WHERE (score > 0)", "USING gin (to_tsvector('simple'::regconfig, name))");
        long oid = oid(db, "ix_new");
        List<List<String>> before = indexes(db, "ix_new");

        IngestResult again = load(conn, spec, 2L, "b", 2);
        assertThat(again.migrations()).isEmpty();
        assertThat(oid(db, "ix_new")).isEqualTo(oid);
        assertThat(indexes(db, "ix_new")).isEqualTo(before);
    }

    @Test
    void indexesAddedAndRemovedChangeConcurrentlyInPlaceAfterTheBatches(TestDatabase db, Connection conn) throws Exception {
        TableSpec v1 = base("ix_grow").index(TableSpec.Index.on("ix_grow_name", "name")).build();
        load(conn, v1, 1L, "a", 1, 2L, "b", 2);
        long oid = oid(db, "ix_grow");
        // someone's own index, which ADD_MISSING keeps and EXACT drops
        db.execute("CREATE INDEX theirs ON ix_grow (score DESC)");

        TableSpec v2 = base("ix_grow").index(TableSpec.Index.on("ix_grow_name", "name"))
                .index(TableSpec.Index.on("ix_grow_both", "name", "score")).indexPolicy(TableSpec.IndexPolicy.ADD_MISSING).build();
        IngestResult r = load(conn, v2, 3L, "c", 3);
        assertThat(oid(db, "ix_grow")).as("no rebuild for an index").isEqualTo(oid);
        assertThat(r.migrations()).singleElement().satisfies(m -> {
            assertThat(m.swapped()).isFalse();
            assertThat(m.ddl()).containsExactly("CREATE INDEX CONCURRENTLY \"ix_grow_both\" ON \"public\".\"ix_grow\" (\"name\", \"score\")");
        });
        assertThat(indexes(db, "ix_grow")).extracting(x -> x.get(0)).containsExactlyInAnyOrder("ix_grow_name", "ix_grow_both", "theirs");

        TableSpec v3 = base("ix_grow").index(TableSpec.Index.on("ix_grow_name", "name")).build(); // EXACT
        load(conn, v3, 4L, "d", 4);
        assertThat(oid(db, "ix_grow")).isEqualTo(oid);
        assertThat(indexes(db, "ix_grow")).extracting(x -> x.get(0)).containsExactly("ix_grow_name");
        assertThat(db.queryLong("SELECT count(*) FROM ix_grow")).isEqualTo(4);
    }

    @Test
    void anIndexChangeWithoutBatchesChangesNothing(TestDatabase db, Connection conn) throws Exception {
        load(conn, base("ix_idle").build(), 1L, "a", 1);
        TableSpec v2 = base("ix_idle").index(TableSpec.Index.on(null, "score")).build();
        IngestResult r = load(conn, v2);
        assertThat(r.batches()).isEmpty();
        assertThat(indexes(db, "ix_idle")).isEmpty();
        load(conn, v2, 2L, "b", 2);
        assertThat(indexes(db, "ix_idle")).extracting(x -> x.get(1)).containsExactly("USING btree (score)");
    }

    @Test
    void aRebuiltTableGetsTheSpecsIndexesUnderTheirNames(TestDatabase db, Connection conn) throws Exception {
        TableSpec v1 = base("ix_retype").index(TableSpec.Index.on("ix_retype_name", "name")).build();
        load(conn, v1, 1L, "a", 1);
        long oid = oid(db, "ix_retype");
        TableSpec v2 = TableSpec.builder("public", "ix_retype").notNull("id", "bigint").column("name", "text").column("score", "bigint")
                .primaryKey("id").index(TableSpec.Index.on("ix_retype_name", "name")).index(TableSpec.Index.on("ix_retype_score", "score"))
                .index(new TableSpec.Index(null, true, "(lower(name))")).build();
        IngestResult r = load(conn, v2, 2L, "B", 2);
        assertThat(oid(db, "ix_retype")).as("int -> bigint rebuilds").isNotEqualTo(oid);
        assertThat(r.migrations()).singleElement().satisfies(m -> assertThat(m.swapped()).isTrue());
        assertThat(indexes(db, "ix_retype")).extracting(x -> x.get(0))
                .containsExactlyInAnyOrder("ix_retype_name", "ix_retype_score", "ix_retype_idx");
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname LIKE 'drover_shadow_%'")).isZero();
        // a second run with the same spec finds nothing to do
        long after = oid(db, "ix_retype");
        assertThat(load(conn, v2, 3L, "c", 3).migrations()).isEmpty();
        assertThat(oid(db, "ix_retype")).isEqualTo(after);
    }

    @Test
    void aUniqueIndexTheLoadedRowsViolateFailsNamingItAndLeavesNoInvalidIndex(TestDatabase db, Connection conn) throws Exception {
        load(conn, base("ix_dup").build(), 1L, "same", 1, 2L, "same", 2);
        TableSpec v2 = base("ix_dup").index(TableSpec.Index.uniqueOn("ix_dup_name", "name")).build();
        assertThatThrownBy(() -> load(conn, v2, 3L, "other", 3)).isInstanceOf(IngestException.class)
                .hasMessageContaining("ix_dup_name").hasMessageContaining("repeat a value");
        assertThat(db.queryLong("SELECT count(*) FROM ix_dup")).as("the batch committed before the index").isEqualTo(3);
        assertThat(indexes(db, "ix_dup")).isEmpty();
    }

    @Test
    void anInvalidIndexDefinitionIsReportedBeforeAnythingIsLoaded(TestDatabase db, Connection conn) throws Exception {
        load(conn, base("ix_bad").build(), 1L, "a", 1);
        TableSpec v2 = base("ix_bad").index(TableSpec.Index.on("ix_bad_x", "nope")).build();
        assertThatThrownBy(() -> load(conn, v2, 2L, "b", 2)).isInstanceOf(IngestException.class)
                .hasMessageContaining("ix_bad_x").hasMessageContaining("nope");
        assertThat(db.queryLong("SELECT count(*) FROM ix_bad")).isEqualTo(1);
    }

    @Test
    void aUniqueIndexOfANewTableRefusesDuplicatesOfTheFirstBatchAndAUniqueIndexAddedLaterHoldsForNewRows(TestDatabase db, Connection conn)
            throws Exception {
        TableSpec spec = base("ix_uniq").index(TableSpec.Index.uniqueOn("ix_uniq_name", "name")).build();
        assertThatThrownBy(() -> load(conn, spec, 1L, "same", 1, 2L, "same", 2)).isInstanceOf(IngestException.class)
                .hasMessageContaining("ix_uniq_name");
        assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'ix_uniq'")).as("the first batch made nothing").isZero();

        load(conn, base("ix_uniq2").build(), 1L, "a", 1, 2L, "b", 2);
        long oid = oid(db, "ix_uniq2");
        TableSpec v2 = base("ix_uniq2").index(TableSpec.Index.uniqueOn("ix_uniq2_name", "name")).build();
        load(conn, v2, 3L, "c", 3);
        assertThat(oid(db, "ix_uniq2")).isEqualTo(oid);
        assertThatThrownBy(() -> load(conn, v2, 4L, "a", 4)).isInstanceOf(IngestException.class).hasMessageContaining("ix_uniq2_name");
        assertThat(db.queryLong("SELECT count(*) FROM ix_uniq2")).isEqualTo(3);
    }
}
