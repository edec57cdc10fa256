package dev.drover.engine.pgloader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drover.engine.cast.Transform.TransformException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a using expression computes, with Common Lisp's meaning for each form of the subset (reference §10.3). */
class UsingEvaluationTest {
    private static String eval(String expr, String... namesAndValues) throws TransformException {
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) fields.put(namesAndValues[i], namesAndValues[i + 1]);
        UsingExpression e = UsingExpression.parse(expr);
        return e.evaluate(e.fields().stream().map(fields::get).toArray(CharSequence[]::new));
    }

    private static String failure(String expr, String... namesAndValues) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> eval(expr, namesAndValues)).isInstanceOfSatisfying(TransformException.class, e -> caught[0] = e);
        return caught[0].getMessage();
    }

    @Test
    void fieldsConstantsAndNil() throws Exception {
        assertThat(eval("a", "a", "x")).isEqualTo("x");
        assertThat(eval("a", "a", null)).isNull();
        assertThat(eval("\"k\"")).isEqualTo("k");
        assertThat(eval("nil")).isNull();
        assertThat(eval("42")).isEqualTo("42");
        assertThat(eval("(identity a)", "a", "")).isEqualTo("");
        assertThat(UsingExpression.parse("(format nil \"~a~a\" b A)").fields()).containsExactly("b", "a");
    }

    @Test
    void formatPrintsLikePrincAndPrin1IncludingNilAndIteration() throws Exception {
        assertThat(eval("(format nil \"(~a,~a)\" x y)", "x", "1.5", "y", "-2")).isEqualTo("(1.5,-2)");
        // ~a prints NULL as NIL, as pgloader's Lisp does: the value is then refused by PostgreSQL, not silently NULL
        assertThat(eval("(format nil \"(~a,~a)\" x y)", "x", null, "y", "2")).isEqualTo("(NIL,2)");
        assertThat(eval("(format nil \"~s|~d|~~|~%\" x n)", "x", "q\"", "n", "7")).isEqualTo("\"q\\\"\"|7|~|\n");
        assertThat(eval("(format nil \"~{~a~^, ~}\" (split-sequence #\\Space x))", "x", "a b  c")).isEqualTo("a, b, , c");
        assertThat(eval("(format nil \"~{<~a>~}\" nil)")).isEqualTo("");
        assertThat(eval("(format nil \"~a\" (parse-integer x))", "x", " 0042 ")).isEqualTo("42");
    }

    @Test
    void conditionalsTreatOnlyNilAsFalse() throws Exception {
        assertThat(eval("(if a \"yes\" \"no\")", "a", "")).isEqualTo("yes");
        assertThat(eval("(if a \"yes\" \"no\")", "a", null)).isEqualTo("no");
        assertThat(eval("(if a \"yes\")", "a", null)).isNull();
        assertThat(eval("(when (string= a \"\") \"empty\")", "a", "")).isEqualTo("empty");
        assertThat(eval("(unless (null a) a)", "a", null)).isNull();
        assertThat(eval("(and a b)", "a", "1", "b", "2")).isEqualTo("2");
        assertThat(eval("(or a b \"dflt\")", "a", null, "b", null)).isEqualTo("dflt");
        assertThat(eval("(not a)", "a", null)).isEqualTo("T");
        assertThat(eval("(cond ((string-equal a \"YES\") \"t\") ((string= a \"no\") \"f\") (t nil))", "a", "yes")).isEqualTo("t");
        assertThat(eval("(cond ((string-equal a \"YES\") \"t\") ((string= a \"no\") \"f\"))", "a", "maybe")).isNull();
        // a NULL field is the symbol NIL to string functions, as in Lisp
        assertThat(eval("(string= a \"NIL\")", "a", null)).isEqualTo("T");
    }

    @Test
    void stringFunctions() throws Exception {
        assertThat(eval("(string-trim \" *\" a)", "a", " *x* ")).isEqualTo("x");
        assertThat(eval("(string-left-trim \" \" a)", "a", "  x ")).isEqualTo("x ");
        assertThat(eval("(string-right-trim \" \" a)", "a", "  x ")).isEqualTo("  x");
        assertThat(eval("(string-upcase a)", "a", "straße")).isEqualTo("STRASSE");
        assertThat(eval("(string-downcase a)", "a", "ÉTÉ")).isEqualTo("été");
        assertThat(eval("(subseq a 2)", "a", "abcdef")).isEqualTo("cdef");
        assertThat(eval("(subseq a 1 3)", "a", "abcdef")).isEqualTo("bc");
        assertThat(eval("(length a)", "a", "abc")).isEqualTo("3");
        assertThat(eval("(concatenate 'string a \"-\" b)", "a", "x", "b", null)).isEqualTo("x-");
        assertThat(eval("(second (split-sequence #\\, a))", "a", "1,2,3")).isEqualTo("2");
        assertThat(eval("(nth 2 (split-sequence #\\, a))", "a", "1,2")).isNull();
        assertThat(eval("(third (split-sequence #\\, a))", "a", "1,2,3")).isEqualTo("3");
        assertThat(eval("(format nil \"~{~a~^-~}\" (rest (split-sequence #\\Space a)))", "a", "x y z")).isEqualTo("y-z");
        assertThat(eval("(rest (split-sequence #\\Space a))", "a", "x")).isNull();
        assertThat(eval("(write-to-string a)", "a", "x")).isEqualTo("\"x\"");
        assertThat(eval("(princ-to-string (length a))", "a", "xy")).isEqualTo("2");
    }

    @Test
    void integers() throws Exception {
        assertThat(eval("(+ 1 (parse-integer a))", "a", "-5")).isEqualTo("-4");
        assertThat(eval("(- (parse-integer a))", "a", "5")).isEqualTo("-5");
        assertThat(eval("(- 10 1 2)")).isEqualTo("7");
        assertThat(eval("(* 6 7)")).isEqualTo("42");
        assertThat(eval("(floor (parse-integer a) 2)", "a", "-7")).isEqualTo("-4");
        assertThat(eval("(parse-integer a :junk-allowed t)", "a", "12ab")).isEqualTo("12");
        assertThat(eval("(parse-integer a :junk-allowed t)", "a", "ab")).isNull();
    }

    @Test
    void callsPgloaderTransformFunctions() throws Exception {
        assertThat(eval("(int-to-ip (parse-integer a))", "a", "16909060")).isEqualTo("1.2.3.4");
        assertThat(eval("(ip-range a b)", "a", "16909060", "b", "16909061")).isEqualTo("1.2.3.4-1.2.3.5");
        assertThat(eval("(time-with-no-separator a)", "a", "08231560")).isEqualTo("08:23:15.60");
        assertThat(eval("(zero-dates-to-null a)", "a", "0000-00-00 00:00:00")).isNull();
        assertThat(eval("(empty-string-to-null (right-trim a))", "a", "   ")).isNull();
        assertThat(eval("(hex-to-bytea a)", "a", "0xCAFE")).isEqualTo("\\xCAFE");
    }

    @Test
    void errorsNameTheExpressionAndWhatLispWouldSignal() {
        assertThat(failure("(parse-integer a)", "a", "12ab")).isEqualTo("(parse-integer a): parse-integer: \"12ab\" is not an integer");
        assertThat(failure("(parse-integer a)", "a", null)).isEqualTo("(parse-integer a): parse-integer: NIL is not a string");
        assertThat(failure("(subseq a 4)", "a", "abc")).isEqualTo("(subseq a 4): subseq: the bounds 4 and 3 are outside \"abc\" (length 3)");
        assertThat(failure("(+ 1 a)", "a", "2")).isEqualTo("(+ 1 a): +: \"2\" is not an integer");
        assertThat(failure("(floor 1 0)")).isEqualTo("(floor 1 0): floor: division by zero");
        assertThat(failure("(int-to-ip a)", "a", "1")).contains("is not an integer");
    }

    @Test
    void refusesTextThatIsNotARunnableExpression() {
        assertThatThrownBy(() -> UsingExpression.parse("(funcall f a)"))
                .hasMessageStartingWith("using (funcall f a): at character 2: Drover cannot run the Lisp operator 'funcall'");
        assertThatThrownBy(() -> UsingExpression.parse("a b")).hasMessage("using a b: at character 3: unexpected text after the using expression: b");
    }
}
