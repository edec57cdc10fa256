package dev.drover.engine.catalog;

import java.math.BigInteger;

/**
 * A sequence of the source database that no column owns (SQL Server's {@code CREATE SEQUENCE}, a PostgreSQL
 * sequence without OWNED BY), which column defaults draw from ({@code NEXT VALUE FOR}, {@code nextval}) and which
 * the target recreates and sets past the values already given out.
 *
 * @param schema    the source schema
 * @param name      the sequence name, exactly as the source writes it
 * @param dataType  the source's type of its values, lower case: {@code bigint}, {@code int}, {@code decimal}, ...
 * @param start     START WITH
 * @param increment INCREMENT BY (negative for a descending sequence)
 * @param minimum   MINVALUE
 * @param maximum   MAXVALUE
 * @param cycle     whether it starts again at the other end when it runs out
 * @param lastValue the last value it gave out, or null when it never gave one
 */
public record SourceSequence(String schema, String name, String dataType, BigInteger start, BigInteger increment,
                             BigInteger minimum, BigInteger maximum, boolean cycle, BigInteger lastValue) {

    /** {@code schema.name}, for messages. */
    public String display() {
        return schema == null || schema.isEmpty() ? name : schema + "." + name;
    }

    /**
     * The default that draws from this sequence, as source catalogs are normalised to write it:
     * {@code nextval('"schema"."name"')}, names exact.
     */
    public String nextvalDefault() {
        return "nextval('" + (quote(schema) + "." + quote(name)).replace("'", "''") + "')";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
