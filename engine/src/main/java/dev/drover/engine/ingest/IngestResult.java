package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.engine.target.TableRef;

import java.util.List;

/**
 * What a run did: the watermark given to the source, the last committed one, per committed batch the
 * counts per table, the tables it created and the tables it migrated (committed with the first batch).
 */
public record IngestResult(JsonNode startWatermark, JsonNode lastWatermark, List<BatchResult> batches,
                           List<TableRef> createdTables, List<TableMigration> migrations) {
    public IngestResult {
        batches = List.copyOf(batches);
        createdTables = List.copyOf(createdTables);
        migrations = List.copyOf(migrations);
    }

    /**
     * A table migrated by {@link Migration#AUTO}.
     *
     * @param swapped     false: altered in place (same OID); true: rebuilt as a shadow table and swapped in
     * @param differences what differed, one line each, as {@link Migration#FAIL} would list them
     * @param ddl         the statements run: the {@code ALTER TABLE}s, or the shadow's {@code CREATE TABLE},
     *                    the copy of the existing rows and the swap
     * @param lost        what the swap could not carry over (see {@link dev.drover.engine.ingest.swap.SwapResult#lost()})
     * @param carried     what the swap re-created on the new table from the old one: defaults, sequences, identity,
     *                    constraints (see {@link dev.drover.engine.ingest.swap.SwapResult#carried()})
     */
    public record TableMigration(TableRef table, boolean swapped, List<String> differences, List<String> ddl, List<String> lost,
                                 List<String> carried) {
        public TableMigration {
            differences = List.copyOf(differences);
            ddl = List.copyOf(ddl);
            lost = List.copyOf(lost);
            carried = List.copyOf(carried);
        }
    }

    /**
     * @param inserted  rows that did not exist
     * @param updated   existing rows whose values changed
     * @param unchanged rows (after in-batch de-duplication) equal to the stored row, left untouched
     * @param deleted   rows removed by {@link Delete#BEFORE_FIRST_BATCH}
     * @param rejected  rows set aside in the reject table ({@link KeyConflict#REJECT_ROW}) or handed to
     *                  {@link IngestOptions#onBadRow()}.
     *                  {@code rowsRead = inserted + updated + unchanged + rejected}, plus, with upsert, the rows of a
     *                  key that a later row of the same batch superseded (in none of the counts)
     */
    public record TableCounts(TableRef table, long rowsRead, long inserted, long updated, long unchanged, long deleted,
                              long rejected) {
        TableCounts plus(TableCounts o) {
            return new TableCounts(table, rowsRead + o.rowsRead, inserted + o.inserted, updated + o.updated,
                    unchanged + o.unchanged, deleted + o.deleted, rejected + o.rejected);
        }
    }

    public record BatchResult(int number, JsonNode watermark, List<TableCounts> tables) {
        public BatchResult {
            tables = List.copyOf(tables);
        }
    }

    /** The counts of one table summed over all committed batches. */
    public TableCounts total(TableRef table) {
        TableCounts sum = new TableCounts(table, 0, 0, 0, 0, 0, 0);
        for (BatchResult b : batches) {
            for (TableCounts c : b.tables()) if (c.table().equals(table)) sum = sum.plus(c);
        }
        return sum;
    }
}
