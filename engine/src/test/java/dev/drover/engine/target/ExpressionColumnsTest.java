package dev.drover.engine.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionColumnsTest {
    private static final Map<String, String> NAMES = Map.of("Title", "title", "n", "n", "Select", "select", "lower", "lower_case");

    @Test
    void renamesColumnsWhoseTargetNameDiffers() {
        assertThat(ExpressionColumns.rename("(length(\"Title\") + n)", NAMES)).isEqualTo("(length(\"title\") + n)");
        assertThat(ExpressionColumns.rename("(\"Select\" <> ''::text)", NAMES)).isEqualTo("(\"select\" <> ''::text)");
    }

    @Test
    void leavesLiteralsFunctionsTypesAndQualifiedNamesAlone() {
        assertThat(ExpressionColumns.rename("('Title' || \"Title\")", NAMES)).isEqualTo("('Title' || \"title\")");
        assertThat(ExpressionColumns.rename("lower(lower)", NAMES)).isEqualTo("lower(\"lower_case\")");
        assertThat(ExpressionColumns.rename("(x)::lower", NAMES)).isEqualTo("(x)::lower");
        assertThat(ExpressionColumns.rename("s.\"Title\"(x) + lower.n", NAMES)).isEqualTo("s.\"Title\"(x) + lower.n");
        assertThat(ExpressionColumns.rename("E'it\\'s \"Title\"' || 'a''\"Title\"'", NAMES)).isEqualTo("E'it\\'s \"Title\"' || 'a''\"Title\"'");
    }

    @Test
    void anUnchangedMappingLeavesTheTextAsItIs() {
        assertThat(ExpressionColumns.rename("(\"Title\" > 'x')", Map.of("Title", "Title"))).isEqualTo("(\"Title\" > 'x')");
    }
}
