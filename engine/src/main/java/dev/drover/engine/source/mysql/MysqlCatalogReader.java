package dev.drover.engine.source.mysql;

import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.catalog.SourceTable.CheckConstraint;
import dev.drover.engine.catalog.SourceTable.ForeignKey;
import dev.drover.engine.catalog.SourceTable.PrimaryKey;
import dev.drover.engine.catalog.SourceTable.SourceIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one MySQL or MariaDB database from information_schema. The two servers write the same catalog differently;
 * this class makes them agree before anything else sees it: defaults in SQL literal form ({@code 'abc'}, {@code 0},
 * {@code CURRENT_TIMESTAMP}), MariaDB's JSON (a longtext with a {@code json_valid} check) as {@code json}, integer
 * display widths as the typemod only where the server shows them.
 */
final class MysqlCatalogReader {
    private static final Pattern FIRST_MODIFIER = Pattern.compile("^[a-z ]+\\((\\d+)(?:,(\\d+))?\\)");
    private static final Pattern JSON_VALID = Pattern.compile("json_valid\\(`((?:[^`]|``)+)`\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NOW = Pattern.compile("(?i)current_timestamp(\\(\\d*\\))?|now\\(\\d*\\)|localtimestamp(\\(\\d*\\))?");

    private final Connection conn;
    private final boolean mariadb;

    MysqlCatalogReader(Connection conn, boolean mariadb) {
        this.conn = conn;
        this.mariadb = mariadb;
    }

    SourceCatalog read(String database) throws SQLException {
        Map<String, TableInfo> tables = new LinkedHashMap<>();
        List<String> views = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT TABLE_NAME, TABLE_TYPE, TABLE_ROWS, TABLE_COMMENT"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String type = rs.getString(2);
                    if ("VIEW".equalsIgnoreCase(type)) {
                        views.add(name);
                    } else if ("BASE TABLE".equalsIgnoreCase(type)) {
                        long rows = rs.getLong(3);
                        tables.put(name, new TableInfo(name, rs.wasNull() ? -1 : rows, emptyToNull(rs.getString(4))));
                    }
                }
            }
        }
        readChecks(database, tables);
        readColumns(database, tables);
        readIndexes(database, tables);
        readForeignKeys(database, tables);
        List<SourceTable> out = new ArrayList<>();
        for (TableInfo t : tables.values()) {
            out.add(new SourceTable(database, t.name, t.columns, t.primaryKey, t.indexes, t.foreignKeys, t.checks,
                    t.rowEstimate, t.comment));
        }
        return new SourceCatalog("mysql", database, out, views);
    }

    /** A view of the database as a table to materialize: its columns as information_schema types them, like a table's. */
    SourceTable view(String database, String view) throws SQLException {
        TableInfo info = new TableInfo(view, -1, null);
        readColumns(database, Map.of(view, info));
        if (info.columns.isEmpty()) throw new SQLException("no view " + view + " in database " + database, "42S02");
        return SourceTable.materialized(database, view, info.columns,
                "SELECT * FROM " + MysqlRowCursor.quote(database) + "." + MysqlRowCursor.quote(view));
    }

    /**
     * A query as a table to materialize, described by the server when it prepares it, without running it (a server-side
     * prepare, whatever the connection's setting, because only it reports which table column a result column is): a
     * column taken straight from a table of the database is typed as that table's column is (its enum labels,
     * {@code tinyint(1)}, MariaDB's json), but NOT NULL only where the prepared result promises it (an outer join can
     * empty a NOT NULL column); any other column by the result's type name, lower-cased, with the length, precision and scale the driver gives.
     */
    SourceTable query(String database, String name, String sql) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = conn.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).serverPrepareStatement(sql)) {
            java.sql.ResultSetMetaData md = ps.getMetaData();
            if (md == null || md.getColumnCount() == 0) throw new SQLException("it returns no rows (is it a SELECT?)", "42000");
            Map<String, TableInfo> tables = new LinkedHashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String table = md.getTableName(i);
                if (database.equals(md.getCatalogName(i)) && table != null && !table.isEmpty()) {
                    tables.computeIfAbsent(table, t -> new TableInfo(t, -1, null));
                }
            }
            if (!tables.isEmpty()) {
                readChecks(database, tables);
                readColumns(database, tables);
            }
            for (int i = 1; i <= md.getColumnCount(); i++) {
                TableInfo t = tables.get(md.getTableName(i));
                String column = md.getColumnName(i);
                SourceColumn base = t == null ? null : t.columns.stream().filter(c -> c.name().equals(column)).findFirst().orElse(null);
                boolean nullable = md.isNullable(i) != java.sql.ResultSetMetaData.columnNoNulls;
                columns.add(base != null
                        ? new SourceColumn(md.getColumnLabel(i), i, base.dataType(), base.fullType(), base.precision(), base.scale(),
                                base.unsigned(), nullable, null, false, false, null, null, base.labels())
                        : resultColumn(md, i, nullable));
            }
        }
        return SourceTable.materialized(null, name, columns, sql);
    }

    private static SourceColumn resultColumn(java.sql.ResultSetMetaData md, int i, boolean nullable) throws SQLException {
        String type = md.getColumnTypeName(i).toLowerCase(Locale.ROOT);
        boolean unsigned = type.endsWith(" unsigned");
        String dataType = unsigned ? type.substring(0, type.length() - " unsigned".length()) : type;
        Integer precision = null, scale = null;
        switch (dataType) {
            case "decimal", "numeric" -> {
                precision = md.getPrecision(i);
                scale = md.getScale(i);
            }
            case "char", "varchar", "binary", "varbinary", "bit" -> precision = md.getPrecision(i);
            // the driver gives a temporal value's length, which counts the fractional digits and their point
            case "datetime", "timestamp" -> precision = md.getPrecision(i) > 20 ? md.getPrecision(i) - 20 : null;
            case "time" -> precision = md.getPrecision(i) > 11 ? md.getPrecision(i) - 11 : null;
            default -> { } // an integer's display width is not in the result; no rule of Drover's looks at it
        }
        String fullType = dataType + (precision == null ? "" : "(" + precision + (scale == null ? "" : "," + scale) + ")")
                + (unsigned ? " unsigned" : "");
        return new SourceColumn(md.getColumnLabel(i), i, dataType, fullType, precision, scale, unsigned, nullable, null, false,
                false, null, null, List.of());
    }

    private void readColumns(String database, Map<String, TableInfo> tables) throws SQLException {
        String sql = "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, COLUMN_TYPE,"
                + " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, EXTRA, COLUMN_COMMENT,"
                + " GENERATION_EXPRESSION FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME, ORDINAL_POSITION";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableInfo t = tables.get(rs.getString(1));
                    if (t == null) continue; // a view's columns
                    t.columns.add(column(t, rs));
                }
            }
        }
    }

    private SourceColumn column(TableInfo t, ResultSet rs) throws SQLException {
        String name = rs.getString(2);
        int position = rs.getInt(3);
        String rawDefault = rs.getString(4);
        boolean nullable = "YES".equalsIgnoreCase(rs.getString(5));
        String dataType = rs.getString(6).toLowerCase(Locale.ROOT);
        String columnType = rs.getString(7);
        String lowerType = columnType.toLowerCase(Locale.ROOT);
        String extra = rs.getString(12) == null ? "" : rs.getString(12).toLowerCase(Locale.ROOT);
        String generated = emptyToNull(rs.getString(14));
        Integer precision = null;
        Integer scale = null;
        switch (dataType) {
            case "decimal", "numeric" -> {
                precision = intOrNull(rs, 9);
                scale = intOrNull(rs, 10);
            }
            case "char", "varchar", "binary", "varbinary" -> precision = intOrNull(rs, 8);
            case "bit" -> precision = intOrNull(rs, 9);
            case "datetime", "timestamp", "time" -> {
                Integer fsp = intOrNull(rs, 11);
                precision = fsp == null || fsp == 0 ? null : fsp;
            }
            case "enum", "set" -> { } // the parentheses hold labels, not a typemod
            default -> {
                // Integer display widths (int(11), tinyint(1)) and float(7,4): as the server shows them, for
                // pgloader-style typemod guards; Drover's own rules never look at an integer's width.
                Matcher m = FIRST_MODIFIER.matcher(lowerType);
                if (m.find()) {
                    precision = Integer.valueOf(m.group(1));
                    scale = m.group(2) == null ? null : Integer.valueOf(m.group(2));
                }
            }
        }
        if (t.jsonColumns.contains(name)) {
            dataType = "json";
            columnType = "json";
        }
        boolean unsigned = lowerType.contains(" unsigned");
        List<String> labels = dataType.equals("enum") || dataType.equals("set") ? labels(columnType) : List.of();
        String defaultValue = generated != null ? null : normalizeDefault(rawDefault, extra, dataType, precision);
        return new SourceColumn(name, position, dataType, columnType, precision, scale, unsigned, nullable, defaultValue,
                extra.contains("auto_increment"), extra.contains("on update current_timestamp"), generated,
                emptyToNull(rs.getString(13)), labels);
    }

    /**
     * The default as an SQL literal. MariaDB (10.2.7+) quotes string defaults and writes {@code NULL} for none; MySQL
     * writes strings bare, SQL NULL for none, and marks expression defaults {@code DEFAULT_GENERATED}.
     */
    String normalizeDefault(String raw, String extra, String dataType, Integer precision) {
        String d = literal(raw, extra, precision);
        if (d != null && "set".equalsIgnoreCase(dataType) && d.length() >= 2 && d.startsWith("'") && d.endsWith("'")) {
            // a set's labels 'a,c' as the array literal the set column becomes (§9.9: a,b → {a,b}; the empty set {})
            return "'" + setArray(d.substring(1, d.length() - 1).replace("''", "'")).replace("'", "''") + "'";
        }
        return d;
    }

    /** {@code a,b c} → {@code {"a","b c"}}, each label quoted for the array parser; the empty set {@code {}}. */
    static String setArray(String labels) {
        if (labels.isEmpty()) return "{}";
        StringBuilder b = new StringBuilder("{");
        for (String label : labels.split(",", -1)) {
            if (b.length() > 1) b.append(',');
            b.append('"').append(label.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append('}').toString();
    }

    private String literal(String raw, String extra, Integer precision) {
        if (raw == null) return null;
        String d = raw.trim();
        if (NOW.matcher(d).matches()) return "CURRENT_TIMESTAMP";
        if (d.regionMatches(true, 0, "b'", 0, 2) && d.endsWith("'")) {
            // bit literal b'101': the digits, as long as the column, which is how PostgreSQL reads bit(n) and boolean
            String digits = d.substring(2, d.length() - 1);
            int width = precision == null ? digits.length() : Math.max(precision, digits.length());
            return "'" + "0".repeat(width - digits.length()) + digits + "'";
        }
        if (mariadb) {
            if (d.equalsIgnoreCase("NULL")) return null;
            return d; // already a literal ('abc', 0, 1.5) or an expression
        }
        if (extra.contains("default_generated")) return d.startsWith("(") ? d : "(" + d + ")";
        return "'" + d.replace("'", "''") + "'";
    }

    /** enum/set labels from the column type: {@code enum('a','b,c','it''s','back\\slash')}. */
    static List<String> labels(String columnType) {
        List<String> labels = new ArrayList<>();
        int open = columnType.indexOf('(');
        if (open < 0) return labels;
        StringBuilder label = null;
        for (int i = open + 1; i < columnType.length(); i++) {
            char c = columnType.charAt(i);
            if (label == null) {
                if (c == '\'') label = new StringBuilder();
                else if (c == ')') break;
                continue;
            }
            if (c == '\\' && i + 1 < columnType.length()) {
                label.append(columnType.charAt(++i));
            } else if (c == '\'') {
                if (i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
                    label.append('\'');
                    i++;
                } else {
                    labels.add(label.toString());
                    label = null;
                }
            } else {
                label.append(c);
            }
        }
        return labels;
    }

    private void readIndexes(String database, Map<String, TableInfo> tables) throws SQLException {
        boolean hasExpression = columnExists("STATISTICS", "EXPRESSION");
        String sql = "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, INDEX_TYPE"
                + (hasExpression ? ", EXPRESSION" : ", NULL") + ", COLLATION FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
                + " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";
        Map<String, Map<String, IndexParts>> byTable = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!tables.containsKey(rs.getString(1))) continue;
                    String type = rs.getString(7);
                    IndexParts ix = byTable.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new IndexParts());
                    ix.unique = rs.getInt(3) == 0;
                    // FULLTEXT and SPATIAL have no b-tree equivalent: the target writer decides what becomes of them.
                    // BTREE and HASH (MEMORY tables) are both ordinary indexes: a PostgreSQL hash index cannot be unique.
                    if ("FULLTEXT".equalsIgnoreCase(type) || "SPATIAL".equalsIgnoreCase(type)) ix.method = type.toLowerCase(Locale.ROOT);
                    ix.orders.add("D".equals(rs.getString(9)) ? "DESC" : "");
                    String column = rs.getString(5);
                    String expression = rs.getString(8);
                    if (column == null && expression != null) {
                        ix.columns.add(CheckText.toPostgres(expression));
                        ix.expressions.add(true);
                    } else {
                        ix.columns.add(column);
                        ix.expressions.add(false);
                    }
                    int sub = rs.getInt(6);
                    ix.prefixes.add(rs.wasNull() ? 0 : sub);
                }
            }
        }
        byTable.forEach((table, indexes) -> {
            TableInfo t = tables.get(table);
            indexes.forEach((name, ix) -> {
                if (name.equals("PRIMARY")) {
                    t.primaryKey = new PrimaryKey(name, ix.columns);
                } else {
                    t.indexes.add(new SourceIndex(name, ix.unique, ix.columns, ix.expressions, ix.prefixes, null, ix.unique,
                            ix.method, ix.orders, null, null, null));
                }
            });
        });
    }

    private void readForeignKeys(String database, Map<String, TableInfo> tables) throws SQLException {
        String sql = "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME,"
                + " k.REFERENCED_COLUMN_NAME, r.UPDATE_RULE, r.DELETE_RULE"
                + " FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
                + " ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME"
                + " WHERE k.TABLE_SCHEMA = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL"
                + " ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";
        Map<String, Map<String, FkParts>> byTable = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!tables.containsKey(rs.getString(1))) continue;
                    FkParts fk = byTable.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new FkParts());
                    fk.columns.add(rs.getString(3));
                    fk.refSchema = rs.getString(4);
                    fk.refTable = rs.getString(5);
                    fk.refColumns.add(rs.getString(6));
                    fk.onUpdate = rs.getString(7);
                    fk.onDelete = rs.getString(8);
                }
            }
        }
        byTable.forEach((table, fks) -> fks.forEach((name, fk) -> tables.get(table).foreignKeys.add(new ForeignKey(name, fk.columns,
                fk.refSchema, fk.refTable, fk.refColumns, fk.onUpdate, fk.onDelete))));
    }

    /** MySQL 8.0.16+ and MariaDB 10.2+ have CHECK_CONSTRAINTS; MariaDB's has the table name, MySQL's needs TABLE_CONSTRAINTS. */
    private void readChecks(String database, Map<String, TableInfo> tables) throws SQLException {
        if (!columnExists("CHECK_CONSTRAINTS", "CHECK_CLAUSE")) return;
        String sql = columnExists("CHECK_CONSTRAINTS", "TABLE_NAME")
                ? "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                        + " WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME"
                : "SELECT t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS c"
                        + " JOIN information_schema.TABLE_CONSTRAINTS t ON t.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA"
                        + " AND t.CONSTRAINT_NAME = c.CONSTRAINT_NAME AND t.CONSTRAINT_TYPE = 'CHECK'"
                        + " WHERE c.CONSTRAINT_SCHEMA = ? ORDER BY t.TABLE_NAME, c.CONSTRAINT_NAME";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableInfo t = tables.get(rs.getString(1));
                    if (t == null) continue;
                    String clause = rs.getString(3).trim();
                    Matcher json = JSON_VALID.matcher(stripParentheses(clause));
                    if (mariadb && json.matches()) {
                        // MariaDB's JSON type is longtext plus this check; the column becomes json and the check goes.
                        t.jsonColumns.add(json.group(1).replace("``", "`"));
                        continue;
                    }
                    t.checks.add(new CheckConstraint(rs.getString(2), CheckText.toPostgres(clause)));
                }
            }
        }
    }

    private boolean columnExists(String table, String column) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String stripParentheses(String s) {
        String t = s.trim();
        while (t.startsWith("(") && t.endsWith(")")) t = t.substring(1, t.length() - 1).trim();
        return t;
    }

    private static Integer intOrNull(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : (int) Math.min(v, Integer.MAX_VALUE);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static final class TableInfo {
        final String name;
        final long rowEstimate;
        final String comment;
        final List<SourceColumn> columns = new ArrayList<>();
        final List<SourceIndex> indexes = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<CheckConstraint> checks = new ArrayList<>();
        final java.util.Set<String> jsonColumns = new java.util.HashSet<>();
        PrimaryKey primaryKey;

        TableInfo(String name, long rowEstimate, String comment) {
            this.name = name;
            this.rowEstimate = rowEstimate;
            this.comment = comment;
        }
    }

    private static final class IndexParts {
        boolean unique;
        String method;
        final List<String> orders = new ArrayList<>();
        final List<String> columns = new ArrayList<>();
        final List<Boolean> expressions = new ArrayList<>();
        final List<Integer> prefixes = new ArrayList<>();
    }

    private static final class FkParts {
        String refSchema;
        String refTable;
        String onUpdate;
        String onDelete;
        final List<String> columns = new ArrayList<>();
        final List<String> refColumns = new ArrayList<>();
    }

}
