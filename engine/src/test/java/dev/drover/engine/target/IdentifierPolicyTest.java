package dev.drover.engine.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifierPolicyTest {
    @Test
    void eachPolicySpellsNamesItsWay() {
        assertThat(IdentifierPolicy.DOWNCASE.apply("OrderLines")).isEqualTo("orderlines");
        assertThat(IdentifierPolicy.QUOTE.apply("OrderLines")).isEqualTo("OrderLines");
        assertThat(IdentifierPolicy.SNAKE_CASE.apply("OrderLines")).isEqualTo("order_lines");
        assertThat(IdentifierPolicy.SNAKE_CASE.apply("HTTPServerLog")).isEqualTo("http_server_log");
        assertThat(IdentifierPolicy.SNAKE_CASE.apply("order lines")).isEqualTo("order_lines");
        assertThat(IdentifierPolicy.SNAKE_CASE.apply("Order-Lines (2024)")).isEqualTo("order_lines_2024");
        assertThat(IdentifierPolicy.SNAKE_CASE.apply("already_snake")).isEqualTo("already_snake");
        assertThat(IdentifierPolicy.SNAKE_CASE.apply("Città")).isEqualTo("città");
        assertThat(IdentifierPolicy.SNAKE_CASE.apply("!!!")).isEqualTo("_");
    }

    @Test
    void pgloaderDowncaseReplacesWhatIsNotALetterDigitOrDotInBareNamesAndKeepsOtherNames() {
        IdentifierPolicy p = IdentifierPolicy.PGLOADER_DOWNCASE;
        assertThat(p.apply("OrderID")).isEqualTo("orderid");
        assertThat(p.apply("Total$")).isEqualTo("total_");
        assertThat(p.apply("order_lines")).isEqualTo("order_lines");
        assertThat(p.apply("Order")).isEqualTo("order");
        assertThat(p.apply("My Col")).isEqualTo("My Col");
        assertThat(p.apply("Order-Lines")).isEqualTo("Order-Lines");
        assertThat(p.apply("Città")).isEqualTo("Città");
        assertThat(p.apply("2024Sales")).isEqualTo("2024Sales");
        assertThat(IdentifierPolicy.DOWNCASE.apply("Total$")).isEqualTo("total$");
    }

    @Test
    void pgloaderSnakeCaseSplitsOnlyAfterALowerCaseLetterOrDigit() {
        IdentifierPolicy p = IdentifierPolicy.PGLOADER_SNAKE_CASE;
        assertThat(p.apply("playerID")).isEqualTo("player_id");
        assertThat(p.apply("HTTPServer")).isEqualTo("httpserver");
        assertThat(p.apply("PlayerStats")).isEqualTo("player_stats");
        assertThat(p.apply("already_Snake")).isEqualTo("already_snake");
        assertThat(p.apply("v2Name")).isEqualTo("v2_name");
        assertThat(p.apply("Total$")).isEqualTo("total$");
        assertThat(p.apply("Order")).isEqualTo("Order");
        assertThat(p.apply("order lines")).isEqualTo("order lines");
        assertThat(IdentifierPolicy.SNAKE_CASE.apply("HTTPServer")).isEqualTo("http_server");
    }

    @Test
    void namesAreCutAt63BytesNeverInTheMiddleOfACharacter() {
        assertThat(IdentifierPolicy.DOWNCASE.apply("a".repeat(70))).hasSize(63);
        String cut = IdentifierPolicy.QUOTE.apply("é".repeat(40)); // 80 bytes
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isEqualTo(62);
        assertThat(cut).isEqualTo("é".repeat(31));
        String emoji = IdentifierPolicy.QUOTE.apply("x" + "🎉".repeat(20)); // 1 + 80 bytes
        assertThat(emoji.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(Character.isHighSurrogate(emoji.charAt(emoji.length() - 1))).isFalse();
    }

    @Test
    void collisionsAfterFoldingOrCuttingAreNamed() {
        assertThat(IdentifierPolicy.DOWNCASE.collisions(List.of("OrderLines", "orderlines", "Other")))
                .containsExactly("\"OrderLines\" and \"orderlines\" all become \"orderlines\"");
        assertThat(IdentifierPolicy.QUOTE.collisions(List.of("OrderLines", "orderlines"))).isEmpty();
        String a = "x".repeat(63) + "_first", b = "x".repeat(63) + "_second";
        assertThat(IdentifierPolicy.QUOTE.collisions(List.of(a, b))).hasSize(1);
        assertThat(IdentifierPolicy.SNAKE_CASE.collisions(List.of("orderLines", "order_lines", "order lines"))).hasSize(1);
    }
}
