package dev.drover.engine.copy;

import java.sql.SQLException;

/** A row of a batch the server refused, with the refusal. */
public record RejectedRow(Batch batch, int row, SQLException error) {
}
