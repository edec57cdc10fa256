package dev.drover.engine.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.cast.ColumnCast;
import dev.drover.engine.catalog.SourceColumn;
import dev.drover.engine.preflight.TargetCheck.Verdict;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoder checks of one target type, as the load applies them, without a server. */
class TargetCheckTest {
    private static TargetCheck check(String type) {
        SourceColumn c = new SourceColumn("c", 1, "text", "text", null, null, false, true, null, false, false, null, null, List.of());
        return new TargetCheck(new ColumnCast(c, "c", type, false, false, null, null, "test", "test", List.of()));
    }

    @Test
    void typesAreReadAsTheDdlWritesThem() {
        assertThat(check("character varying(3)").check("abcd")).isEqualTo(Verdict.REJECTED);
        assertThat(check("varchar(3)").check("abc   ")).isEqualTo(Verdict.OK); // the server drops the extra spaces
        assertThat(check("char").check("ab")).isEqualTo(Verdict.REJECTED); // char alone is char(1)
        assertThat(check("bpchar").check("abcdef")).isEqualTo(Verdict.OK);
        assertThat(check("timestamp(3) with time zone").known()).isTrue();
        assertThat(check("double precision").check(1e300)).isEqualTo(Verdict.OK);
        assertThat(check("float(10)").check(1e300)).isEqualTo(Verdict.REJECTED); // float(p ≤ 24) is real
        assertThat(check("integer[]").known()).isFalse();
        assertThat(check("inet").check("10.0.0.1")).isEqualTo(Verdict.UNCHECKED);
    }

    @Test
    void integersAreCheckedForRangeAndSyntaxAndOtherSpellingsAreLeftToTheServer() {
        TargetCheck i = check("integer");
        assertThat(i.check(3_000_000_000L)).isEqualTo(Verdict.REJECTED);
        assertThat(i.refusal.sqlState()).isEqualTo("22003");
        assertThat(i.check("12a")).isEqualTo(Verdict.REJECTED);
        assertThat(i.refusal.sqlState()).isEqualTo("22P02");
        assertThat(i.check("0x1F")).isEqualTo(Verdict.UNCHECKED);
        assertThat(i.check(42L)).isEqualTo(Verdict.OK);
    }

    @Test
    void numericsOverflowTheirPrecisionOrAreRoundedToTheirScale() {
        TargetCheck n = check("numeric(10,2)");
        assertThat(n.check("123456789.1")).isEqualTo(Verdict.REJECTED);
        assertThat(n.check("99999999.995")).isEqualTo(Verdict.REJECTED); // rounds up to 9 integer digits
        assertThat(n.check("1.005")).isEqualTo(Verdict.OK);
        assertThat(n.change).isEqualTo("rounded to scale 2");
        assertThat(n.check(new BigDecimal("1.234"))).isEqualTo(Verdict.OK);
        assertThat(n.change).isEqualTo("rounded to scale 2");
        assertThat(n.check("1.50")).isEqualTo(Verdict.OK);
        assertThat(n.change).isNull();
        assertThat(n.check(7L)).isEqualTo(Verdict.OK);
        assertThat(n.change).isNull();
        assertThat(check("numeric").check("1.23456789")).isEqualTo(Verdict.OK);
    }

    @Test
    void textMayNotHoldNulOrHalfASurrogatePair() {
        assertThat(check("text").check("a\0b")).isEqualTo(Verdict.REJECTED);
        assertThat(check("text").check("a\uD800b")).isEqualTo(Verdict.REJECTED);
        assertThat(check("text").check("Zoë 渡辺")).isEqualTo(Verdict.OK);
    }

    @Test
    void aTimestamptzWithoutAnOffsetTakesTheSessionsZone() {
        TargetCheck t = check("timestamptz");
        assertThat(t.check("2024-01-05 10:00:00")).isEqualTo(Verdict.OK);
        assertThat(t.zoneAssumed).isTrue();
        assertThat(t.check("2024-01-05 10:00:00+02")).isEqualTo(Verdict.OK);
        assertThat(t.zoneAssumed).isFalse();
        assertThat(t.check("2024-01-05 10:00:00.123+05:30")).isEqualTo(Verdict.OK);
        assertThat(t.zoneAssumed).isFalse();
        check("timestamp").check("2024-01-05 10:00:00");
        assertThat(check("timestamp").zoneAssumed).isFalse();
    }

    @Test
    void keysCompareAsTheTargetStoresThem() {
        TargetCheck n = check("numeric(10,2)");
        assertThat(n.keyText("1.001")).isEqualTo(n.keyText("1.004")).isEqualTo(n.keyText(new BigDecimal("1.00")));
        assertThat(n.keyText("1.006")).isNotEqualTo(n.keyText("1.001"));
        assertThat(check("char(5)").keyText("ab   ")).isEqualTo("ab");
        assertThat(check("bigint").keyText(" 007")).isEqualTo(check("bigint").keyText(7L));
        assertThat(check("text").keyText("ab ")).isNotEqualTo("ab");
    }
}
