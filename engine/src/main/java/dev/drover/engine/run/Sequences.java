package dev.drover.engine.run;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.catalog.SourceCatalog;
import dev.drover.engine.catalog.SourceSequence;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.target.IdentifierPolicy;
import dev.drover.engine.target.SchemaWriter;
import dev.drover.engine.target.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source's stand-alone sequences in the target: which are created (those in the migrated tables' schemas and
 * those a migrated column draws from), under which name (the tables' schema rule and the identifier policy), and
 * the column defaults rewritten to draw from them there. Without this, a SQL Server {@code NEXT VALUE FOR}
 * default names a sequence the target does not have and CREATE TABLE fails.
 */
final class Sequences {
    private Sequences() {}

    /** {@code nextval('name')}, as source catalogs are normalised to write a default drawing from a sequence. */
    private static final Pattern NEXTVAL = Pattern.compile("(?i)nextval\\s*\\(\\s*'((?:[^']|'')+)'(?:::regclass)?\\s*\\)");

    /**
     * @param casts    the migrated tables' casts, target names decided
     * @param schemaOf source schema → target schema
     * @return per sequence to create, its target name, in catalog order
     */
    static Map<SourceSequence, TableRef> targets(SourceCatalog catalog, Map<SourceTable, List<ColumnCast>> casts,
                                                 Function<String, String> schemaOf, IdentifierPolicy names) {
        List<String> schemas = casts.keySet().stream().map(SourceTable::schema).distinct().toList();
        Map<SourceSequence, TableRef> out = new LinkedHashMap<>();
        for (SourceSequence s : catalog.sequences()) {
            boolean used = casts.values().stream().flatMap(List::stream).anyMatch(c -> s.equals(drawsFrom(catalog, c.defaultSql())));
            if (used || schemas.contains(s.schema())) out.put(s, new TableRef(schemaOf.apply(s.schema()), names.apply(s.name())));
        }
        return out;
    }

    /**
     * The casts with each default drawing from a created sequence written with the sequence's target name; the
     * warning that the default is written as is goes, the sequence being there.
     */
    static List<ColumnCast> rewrite(SourceCatalog catalog, List<ColumnCast> casts, Map<SourceSequence, TableRef> targets) {
        List<ColumnCast> out = new ArrayList<>(casts.size());
        for (ColumnCast c : casts) {
            SourceSequence s = drawsFrom(catalog, c.defaultSql());
            TableRef ref = s == null ? null : targets.get(s);
            if (ref == null) {
                out.add(c);
                continue;
            }
            List<String> warnings = new ArrayList<>(c.warnings());
            warnings.removeIf(w -> w.startsWith("default " + c.source().defaultValue() + " written as is"));
            warnings.add("default draws from sequence " + s.display() + ", created in the target as " + ref.display()
                    + " and set past the values it gave out");
            out.add(c.withDefaultSql("nextval(" + literal(ref.sql()) + ")").withWarnings(warnings));
        }
        return out;
    }

    /** The sequence a default ({@code nextval('name')}) draws from, or null. */
    static SourceSequence drawsFrom(SourceCatalog catalog, String defaultSql) {
        if (defaultSql == null || catalog.sequences().isEmpty()) return null;
        Matcher m = NEXTVAL.matcher(defaultSql.trim());
        if (!m.matches()) return null;
        TableRef name;
        try {
            name = TableRef.parse(m.group(1).replace("''", "'"));
        } catch (IllegalArgumentException e) {
            return null;
        }
        // an unqualified name is one the source's search path found: public
        String schema = name.schema() == null ? "public" : name.schema();
        return catalog.sequences().stream().filter(s -> s.schema().equals(schema) && s.name().equals(name.name())).findFirst().orElse(null);
    }

    /** Each created sequence set past what it gave out and what its columns hold; after the load. */
    static List<SchemaWriter.Step> resets(SourceCatalog catalog, Map<SourceSequence, TableRef> targets,
                                          Map<SourceTable, List<ColumnCast>> casts, Map<SourceTable, TableRef> tables) {
        List<SchemaWriter.Step> steps = new ArrayList<>();
        for (var e : targets.entrySet()) {
            List<TableRef> users = new ArrayList<>();
            List<String> columns = new ArrayList<>();
            for (var t : casts.entrySet()) {
                for (ColumnCast c : t.getValue()) {
                    if (e.getKey().equals(drawsFrom(catalog, c.source().defaultValue()))) {
                        users.add(tables.get(t.getKey()));
                        columns.add(c.targetName());
                    }
                }
            }
            SchemaWriter.Step step = SchemaWriter.sequenceReset(e.getValue(), e.getKey(), users, columns);
            if (step != null) steps.add(step);
        }
        return steps;
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
