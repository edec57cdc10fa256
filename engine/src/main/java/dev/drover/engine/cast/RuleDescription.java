package dev.drover.engine.cast;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;

/** The sentence that tells a user which rule decided a column and what it did. */
final class RuleDescription {
    private RuleDescription() {}

    /** e.g. {@code sqlite default 1: integer auto-increment primary key → bigint identity, using sqlite-integer}. */
    static String why(SourceTable table, SourceColumn column, CastRule r, String targetType, String transform, CastRule lender) {
        StringBuilder s = new StringBuilder(r.origin()).append(": ");
        if (r.isColumnRule()) {
            s.append("column ").append(r.table()).append('.').append(r.column());
        } else {
            s.append(r.type().equals("*") ? "any other type (" + CastRules.sourceType(column) + ")" : match(r));
        }
        if (table.primaryKey() != null && table.primaryKey().columns().contains(column.name())) s.append(" primary key");
        s.append(" → ").append(targetType);
        if (r.identity()) s.append(" identity");
        if (r.defaultAction() == CastRule.DefaultAction.DROP) s.append(", drop default");
        if (r.notNull() == CastRule.NotNull.DROP) s.append(", drop not null");
        if (r.notNull() == CastRule.NotNull.SET) s.append(", set not null");
        if (transform != null) {
            s.append(", using ").append(transform);
            if (lender != null) s.append(" (from ").append(lender.origin()).append(')');
        }
        return s.toString();
    }

    private static String match(CastRule r) {
        StringBuilder s = new StringBuilder(r.type().isEmpty() ? "no declared type" : r.type());
        if (Boolean.TRUE.equals(r.unsigned())) s.append(" unsigned");
        if (Boolean.FALSE.equals(r.unsigned())) s.append(" signed");
        if (r.typemodGuard() != null) s.append(" when ").append(r.typemodGuard());
        if (r.whenDefault() != null) s.append(" default '").append(r.whenDefault()).append('\'');
        if (r.whenNotNull()) s.append(" not null");
        if (Boolean.TRUE.equals(r.autoIncrement())) s.append(" auto-increment");
        if (Boolean.FALSE.equals(r.autoIncrement())) s.append(" not auto-increment");
        if (Boolean.TRUE.equals(r.onUpdate())) s.append(" on update current_timestamp");
        if (Boolean.FALSE.equals(r.onUpdate())) s.append(" without on update");
        return s.toString();
    }
}
