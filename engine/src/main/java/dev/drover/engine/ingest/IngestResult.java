package dev.drover.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drover.engine.target.TableRef;

import java.util.List;

/**
 * What a run did: the watermark given to the source, the last committed one, and per committed batch the
 * counts per table.
 */
public record IngestResult(JsonNode startWatermark, JsonNode lastWatermark, List<BatchResult> batches,
                           List<TableRef> createdTables) {
    public IngestResult {
        batches = List.copyOf(batches);
        createdTables = List.copyOf(createdTables);
    }

    /**
     * @param inserted  rows that did not exist
     * @param updated   existing rows whose values changed
     * @param unchanged rows (after in-batch de-duplication) equal to the stored row, left untouched
     * @param deleted   rows removed by {@link Delete#BEFORE_FIRST_BATCH}
     * @param rejected  rows set aside in the reject table ({@link KeyConflict#REJECT_ROW})
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
