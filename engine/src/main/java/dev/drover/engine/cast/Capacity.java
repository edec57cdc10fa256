package dev.drover.engine.cast;

import java.math.BigInteger;
import java.util.Map;

/**
 * Which values a type holds, coarsely: enough to tell a narrowing cast from a safe one. Type names are read the
 * way most sources use them; a source whose names mean something else (SQLite) supplies its own reading.
 *
 * @param kind      the family of values
 * @param bits      INTEGER: signed bits needed (unsigned types count one more); FLOAT: mantissa bits (24 or 53)
 * @param precision EXACT: total digits, TEXT: maximum length; null when unbounded
 * @param scale     EXACT: digits after the point
 */
record Capacity(Kind kind, int bits, Integer precision, Integer scale) {

    enum Kind { INTEGER, EXACT, FLOAT, TEXT, BINARY, BOOLEAN, DATE, TIME, TIMESTAMP, OTHER }

    static final Capacity OTHER = new Capacity(Kind.OTHER, 0, null, null);

    private static final Map<String, Integer> INTEGER_BITS = Map.ofEntries(
            Map.entry("tinyint", 8), Map.entry("smallint", 16), Map.entry("int2", 16), Map.entry("smallserial", 16),
            Map.entry("serial2", 16), Map.entry("mediumint", 24), Map.entry("int", 32), Map.entry("integer", 32),
            Map.entry("int4", 32), Map.entry("serial", 32), Map.entry("serial4", 32), Map.entry("bigint", 64),
            Map.entry("int8", 64), Map.entry("bigserial", 64), Map.entry("serial8", 64));

    static Capacity integer(int bits) {
        return new Capacity(Kind.INTEGER, bits, null, null);
    }

    static Capacity exact(Integer precision, Integer scale) {
        return new Capacity(Kind.EXACT, 0, precision, precision == null ? null : scale == null ? 0 : scale);
    }

    static Capacity floating(int mantissaBits) {
        return new Capacity(Kind.FLOAT, mantissaBits, null, null);
    }

    static Capacity text(Integer maxLength) {
        return new Capacity(Kind.TEXT, 0, maxLength, null);
    }

    static Capacity of(Kind kind) {
        return new Capacity(kind, 0, null, null);
    }

    /** A type by name and modifier, as a source catalog or a target type string gives it. */
    static Capacity of(String baseName, Integer precision, Integer scale, boolean unsigned) {
        Integer bits = INTEGER_BITS.get(baseName);
        if (bits != null) return integer(bits + (unsigned ? 1 : 0));
        return switch (baseName) {
            case "numeric", "decimal", "dec" -> exact(precision, scale);
            case "money", "smallmoney" -> exact(baseName.equals("money") ? 19 : 10, 4);
            case "real", "float4" -> floating(24);
            case "double", "double precision", "float8" -> floating(53);
            case "float" -> floating(precision != null && precision <= 24 ? 24 : 53);
            case "varchar", "character varying", "char", "character", "bpchar", "nchar", "nvarchar", "varchar2",
                 "nvarchar2" -> text(precision);
            case "text", "tinytext", "mediumtext", "longtext", "ntext", "clob", "citext", "string" -> text(null);
            case "bytea", "blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary", "image" -> of(Kind.BINARY);
            case "boolean", "bool" -> of(Kind.BOOLEAN);
            case "date" -> of(Kind.DATE);
            case "time", "timetz", "time with time zone", "time without time zone" -> of(Kind.TIME);
            case "timestamp", "timestamptz", "timestamp with time zone", "timestamp without time zone", "datetime",
                 "datetime2", "smalldatetime", "datetimeoffset" -> of(Kind.TIMESTAMP);
            default -> OTHER;
        };
    }

    /** A PostgreSQL target type as written in DDL: {@code numeric(10,2)}, {@code varchar(20)}, {@code bigint}. */
    static Capacity ofTarget(String type) {
        int[] n = TargetTypes.modifierNumbers(type);
        return of(TargetTypes.baseName(type), n.length > 0 ? n[0] : null, n.length > 1 ? n[1] : null, false);
    }

    /** Decimal digits of the largest value a signed integer of this many bits holds. */
    static int digits(int bits) {
        return BigInteger.TWO.pow(bits - 1).subtract(BigInteger.ONE).toString().length();
    }
}
