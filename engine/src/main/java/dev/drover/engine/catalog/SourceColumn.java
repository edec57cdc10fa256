package dev.drover.engine.catalog;

import java.util.List;

/**
 * A column as the source database declares it, in source terms; cast rules turn it into a PostgreSQL
 * column. Nothing here is PostgreSQL-specific.
 *
 * @param name           the source's column name, exactly
 * @param position       1-based ordinal position in the table
 * @param dataType       the base type name, lower case, without modifiers: {@code int}, {@code varchar},
 *                       {@code double precision}, {@code enum}
 * @param fullType       the type as declared, for messages and rules that need it: {@code int(11) unsigned},
 *                       {@code varchar(255)}, {@code enum('a','b')}
 * @param precision      first type modifier (length, precision), or null when the type has none
 * @param scale          second type modifier, or null
 * @param unsigned       MySQL unsigned
 * @param nullable       whether NULL is allowed
 * @param defaultValue   the source default as the source's catalog writes it, or null for none
 * @param autoIncrement  auto_increment, identity, SQLite AUTOINCREMENT
 * @param onUpdateCurrentTimestamp MySQL {@code ON UPDATE CURRENT_TIMESTAMP}
 * @param generated      the expression of a generated column, or null
 * @param comment        the column comment, or null
 * @param labels         enum/set labels in order (empty for other types)
 */
public record SourceColumn(String name, int position, String dataType, String fullType, Integer precision, Integer scale,
                           boolean unsigned, boolean nullable, String defaultValue, boolean autoIncrement,
                           boolean onUpdateCurrentTimestamp, String generated, String comment, List<String> labels) {
    public SourceColumn {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public boolean hasTypemod() {
        return precision != null;
    }
}
