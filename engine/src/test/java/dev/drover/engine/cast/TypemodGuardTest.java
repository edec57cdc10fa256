package dev.drover.engine.cast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TypemodGuardTest {

    @ParameterizedTest(name = "{0} with ({1},{2}) is {3}")
    @CsvSource(delimiter = '|', value = {
            "(= precision 1)|1||true",
            "(= precision 1)|2||false",
            "(< precision 10)|9||true",
            "(< precision 10)|10||false",
            "(> precision 19)|20||true",
            "(< 19 precision)|19||false",
            "(<= precision 10)|10||true",
            "(>= precision 10)|9||false",
            "(/= precision 1)|1||false",
            "(/= precision 1)|3||true",
            "(and (= precision 18) (= scale 6))|18|6|true",
            "(and (= precision 18) (= scale 6))|18|5|false",
            "(or (= precision 1) (= scale 2))|5|2|true",
            "(or (= precision 1) (= scale 2))|5|3|false",
            "(not (= precision 1))|1||false",
            "(not (= precision 1))|2||true",
            "(= scale 0)|10||true",
            "(< 0 precision 10)|5||true",
            "(< 0 precision 10)|10||false",
            "(AND (= PRECISION 4) (NOT (= SCALE 1)))|4|2|true",
    })
    void evaluates(String guard, Integer precision, Integer scale, boolean expected) {
        assertThat(TypemodGuard.parse(guard).test(precision, scale)).isEqualTo(expected);
    }

    @Test
    void aColumnWithoutTypemodNeverMatches() {
        assertThat(TypemodGuard.parse("(not (= precision 1))").test(null, null)).isFalse();
    }

    @Test
    void errorsNameTheProblemAndWhere() {
        assertThatThrownBy(() -> TypemodGuard.parse("(~ precision 1)")).hasMessageContaining("unknown operator '~'")
                .satisfies(e -> assertThat(((TypemodGuard.GuardException) e).offset).isEqualTo(1));
        assertThatThrownBy(() -> TypemodGuard.parse("(= precison 1)")).hasMessageContaining("'precison' is not precision, scale or an integer");
        assertThatThrownBy(() -> TypemodGuard.parse("(= precision 1")).hasMessageContaining("missing ')'");
        assertThatThrownBy(() -> TypemodGuard.parse("(= precision)")).hasMessageContaining("two operands");
        assertThatThrownBy(() -> TypemodGuard.parse("(= precision 1) x")).hasMessageContaining("unexpected 'x'");
        assertThatThrownBy(() -> TypemodGuard.parse("(and precision)")).isInstanceOf(TypemodGuard.GuardException.class);
        assertThatThrownBy(() -> TypemodGuard.parse("precision")).hasMessageContaining("expected '('");
    }
}
