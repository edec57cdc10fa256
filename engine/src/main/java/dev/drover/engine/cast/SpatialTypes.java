package dev.drover.engine.cast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MySQL's spatial columns in the target. Their values are read as WKT ({@code ST_AsText}), which is text and also
 * what PostGIS's {@code geometry} input reads. So the default rules make them {@code text}, and a run whose target
 * database has the {@code postgis} extension makes them {@code geometry}, typed by shape ({@code point} →
 * {@code geometry(Point)}), which keeps what the source column allowed. The SRID is not carried: WKT has none, so
 * PostGIS values have SRID 0.
 */
public final class SpatialTypes {
    private SpatialTypes() {}

    /** MySQL's spatial types (MariaDB's are the same), lower case. */
    public static final List<String> MYSQL = List.of("geometry", "point", "linestring", "polygon", "multipoint",
            "multilinestring", "multipolygon", "geometrycollection", "geomcollection");

    /** The note a default rule leaves on a spatial column (see {@link MysqlCasts}). */
    static final String AS_TEXT = "spatial values loaded as WKT text (geometry when the target database has the postgis extension)";

    /** The PostGIS type of a MySQL spatial type: {@code geometry} for any shape, else {@code geometry(Shape)}. */
    public static String postgisType(String mysqlType) {
        return switch (mysqlType.toLowerCase(Locale.ROOT)) {
            case "point" -> "geometry(Point)";
            case "linestring" -> "geometry(LineString)";
            case "polygon" -> "geometry(Polygon)";
            case "multipoint" -> "geometry(MultiPoint)";
            case "multilinestring" -> "geometry(MultiLineString)";
            case "multipolygon" -> "geometry(MultiPolygon)";
            case "geometrycollection", "geomcollection" -> "geometry(GeometryCollection)";
            default -> "geometry";
        };
    }

    /**
     * The casts as a target with PostGIS has them: every MySQL spatial column that a default rule made {@code text}
     * becomes {@link #postgisType}; a user's rule is left as it is. Without PostGIS, the casts unchanged.
     */
    public static List<ColumnCast> resolve(List<ColumnCast> casts, boolean postgis) {
        if (!postgis) return casts;
        List<ColumnCast> out = new ArrayList<>(casts.size());
        for (ColumnCast c : casts) {
            boolean spatialText = MYSQL.contains(c.source().dataType().toLowerCase(Locale.ROOT)) && c.targetType().equals("text")
                    && c.rule().startsWith("mysql default");
            if (!spatialText) {
                out.add(c);
                continue;
            }
            String type = postgisType(c.source().dataType());
            List<String> warnings = new ArrayList<>(c.warnings());
            warnings.remove(AS_TEXT);
            warnings.add("PostGIS " + type + " from the WKT the source gives; the SRID is not carried (values have SRID 0)");
            out.add(c.withTargetType(type).withWarnings(warnings));
        }
        return out;
    }
}
