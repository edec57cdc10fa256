package dev.drover.engine.cast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.catalog.SourceTable;
import dev.drover.engine.target.SchemaWriter;
import dev.drover.engine.target.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PostGIS decision; the load into PostGIS itself is untested (the test PostgreSQL has no PostGIS). */
class SpatialTypesTest {
    private static SourceColumn col(String name, String type) {
        return new SourceColumn(name, 1, type, type, null, null, false, false, null, false, false, null, null, List.of());
    }

    private static final SourceTable PLACES = new SourceTable("db", "places", List.of(col("id", "int"), col("spot", "point"),
            col("area", "geometry"), col("route", "linestring")), new SourceTable.PrimaryKey("PRIMARY", List.of("id")), null, null,
            null, -1, null);

    @Test
    void spatialColumnsAreWktTextWithoutPostgisAndTypedGeometryWithIt() {
        List<ColumnCast> casts = MysqlCasts.castRules(List.of()).resolve(PLACES);
        assertThat(casts).extracting(ColumnCast::targetType).containsExactly("integer", "text", "text", "text");
        assertThat(casts.get(1).warnings()).anySatisfy(w -> assertThat(w).contains("WKT text").contains("postgis"));
        // no PostGIS: the same casts
        assertThat(SpatialTypes.resolve(casts, false)).isEqualTo(casts);

        List<ColumnCast> postgis = SpatialTypes.resolve(casts, true);
        assertThat(postgis).extracting(ColumnCast::targetType)
                .containsExactly("integer", "geometry(Point)", "geometry", "geometry(LineString)");
        assertThat(postgis.get(1).warnings()).noneMatch(w -> w.contains("WKT text"))
                .anySatisfy(w -> assertThat(w).contains("PostGIS geometry(Point)").contains("SRID"));
    }

    @Test
    void aUsersRuleForASpatialColumnIsKeptWithPostgis() {
        List<ColumnCast> casts = MysqlCasts.castRules(List.of(CastRuleSyntax.parse("column places.spot to text", "user rule 1")))
                .resolve(PLACES);
        assertThat(SpatialTypes.resolve(casts, true)).extracting(ColumnCast::targetType)
                .containsExactly("integer", "text", "geometry", "geometry(LineString)");
    }

    @Test
    void aSpatialIndexIsAGistIndexOnGeometryAndLeftOutOnText() {
        SourceTable t = new SourceTable("db", "places", PLACES.columns(), PLACES.primaryKey(),
                List.of(new SourceTable.SourceIndex("places_spot", false, List.of("spot"), null, null, null, false, "spatial",
                        null, null, null, null)), null, null, -1, null);
        List<ColumnCast> text = MysqlCasts.castRules(List.of()).resolve(t);
        TableRef ref = new TableRef("public", "places");
        assertThat(SchemaWriter.keysAndIndexes(ref, t, text)).extracting(SchemaWriter.Step::what).containsExactly("primary key of public.places");
        assertThat(SchemaWriter.indexRemarks(ref, t, text)).containsExactly(
                "index places_spot: SPATIAL index not created: spatial values load as text, which it cannot index");
        List<ColumnCast> postgis = SpatialTypes.resolve(text, true);
        assertThat(SchemaWriter.keysAndIndexes(ref, t, postgis)).extracting(s -> s.sql().get(0)).contains(
                "CREATE INDEX \"places_spot\" ON \"public\".\"places\" USING gist (\"spot\")");
    }
}
