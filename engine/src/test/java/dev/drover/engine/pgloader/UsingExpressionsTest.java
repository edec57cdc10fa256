package dev.drover.engine.pgloader;

import static dev.drover.engine.pgloader.Parsing.error;
import static dev.drover.engine.pgloader.Parsing.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drover.engine.pgloader.Expr.Call;
import dev.drover.engine.pgloader.Expr.FieldRef;
import dev.drover.engine.pgloader.Expr.Text;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsingExpressionsTest {
    private static Expr using(String expr) {
        LoadCsv csv = (LoadCsv) only("LOAD CSV FROM x.csv (a, b, c)\nINTO postgresql:///db?t\n(x text using " + expr + ");");
        return csv.columns().get(0).using();
    }

    private static Position p(int column) {
        return new Position(3, column);
    }

    @Test
    void readsFieldReferencesConstantsAndNil() {
        assertThat(using("a")).isEqualTo(new FieldRef("a", p(15)));
        assertThat(using("\"say \\\"hi\\\"\"")).isEqualTo(new Text("say \"hi\"", p(15)));
        assertThat(using("(identity nil)")).isEqualTo(new Call("identity", List.of(new Expr.Bool(false, p(25))), p(15)));
    }

    @Test
    void readsFormatWithTildeADirectives() {
        assertThat(using("(format nil \"(~a,~a)\" a B)")).isEqualTo(new Call("format", List.of(new Expr.Bool(false, p(23)),
                new Text("(~a,~a)", p(27)), new FieldRef("a", p(37)), new FieldRef("b", p(39))), p(15)));
    }

    @Test
    void readsConditionalsAndStringFunctions() {
        Call c = (Call) using("(if (string= a \"\") nil (string-trim \" \" a))");
        assertThat(c.operator()).isEqualTo("if");
        assertThat(c.args()).extracting(e -> e instanceof Call k ? k.operator() : e.getClass().getSimpleName())
                .containsExactly("string=", "Bool", "string-trim");
        Expr.Cond cond = (Expr.Cond) using("(cond ((null a) \"none\") (t a))");
        assertThat(cond.clauses()).hasSize(2);
        assertThat(cond.clauses().get(1).test()).isEqualTo(new Expr.Bool(true, p(40)));
    }

    @Test
    void readsConcatenateSplitSequenceCharactersAndKeywords() {
        Call cat = (Call) using("(concatenate 'string a \"-\" b)");
        assertThat(cat.args()).hasSize(3); // the result type is not an argument
        Call second = (Call) using("(second (split-sequence #\\Space c))");
        assertThat(((Call) second.args().get(0)).args().get(0)).isEqualTo(new Expr.Char(' ', p(39)));
        Call parse = (Call) using("(parse-integer a :junk-allowed t)");
        assertThat(parse.args()).containsExactly(new FieldRef("a", p(30)), new Expr.Keyword("junk-allowed", p(32)), new Expr.Bool(true, p(46)));
    }

    @Test
    void readsCallsOfTransformFunctions() {
        assertThat(using("(ip-range a b)")).isEqualTo(new Call("ip-range", List.of(new FieldRef("a", p(25)), new FieldRef("b", p(27))), p(15)));
        assertThat(((Call) using("(time-with-no-separator c)")).operator()).isEqualTo("time-with-no-separator");
        // every name of the reference's transform table is a transform Drover runs
        assertThat(((Call) using("(varbinary-to-string a)")).operator()).isEqualTo("varbinary-to-string");
        assertThat(dev.drover.engine.cast.Transforms.names()).containsAll(UsingParser.PGLOADER_TRANSFORMS);
    }

    @Test
    void refusesArbitraryLispNamingTheOperatorAndItsPlace() {
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t\n(x text using (funcall (lambda (v) v) a));"))
                .startsWith("t.load:2:16: Drover cannot run the Lisp operator 'funcall' in the using expression of column 'x' "
                        + "(funcall (lambda (v) v) a): pgloader compiles it as Common Lisp; Drover runs pgloader's transform functions and");
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t\n(x text using (string-upcase #.(run-program \"rm\")));"))
                .startsWith("t.load:2:30: Drover cannot run the reader macro '#.(run-program'");
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t (x text using (string-upcase 'a));"))
                .startsWith("t.load:1:74: Drover cannot run quoted symbol 'a (only (concatenate 'string ...) takes one) in the using expression");
    }

    @Test
    void refusesFormatThatDoesNotBuildAStringOrHasTheWrongArguments() {
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t (x text using (format t \"~a\" a));"))
                .isEqualTo("t.load:1:67: (format ...) in the using expression of column 'x' must be (format nil \"...\" args): Drover builds a string, it does not print");
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t (x text using (format nil \"~a-~a\" a));"))
                .isEqualTo("t.load:1:59: (format nil \"~a-~a\" ...) in the using expression of column 'x' takes 2 arguments but is given 1");
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t (x text using (format nil \"~{~a\" a));"))
                .isEqualTo("t.load:1:71: a ~{ is never closed by ~} (in the control string of (format nil ...) in the using expression of column 'x')");
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t (x text using (format nil \"~r\" a));"))
                .isEqualTo("t.load:1:71: format directive ~r is not supported; Drover runs ~a, ~s, ~d, ~%, ~&, ~~ and ~{...~} with ~^"
                        + " (in the control string of (format nil ...) in the using expression of column 'x')");
    }

    @Test
    void refusesWrongArgumentCountsAndUnbalancedParentheses() {
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t (x text using (if a));"))
                .isEqualTo("t.load:1:59: (if ...) in the using expression of column 'x' takes 2 to 3 arguments, found 1");
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t (x text using (string-upcase (right-trim a)"))
                .isEqualTo("t.load:1:59: unbalanced parentheses in the using expression of column 'x': the ( here is never closed");
        assertThat(error("LOAD CSV FROM x.csv INTO postgresql:///db?t (x text using (+ a -1));"))
                .startsWith("t.load:1:64: signed number -1 in the using expression of column 'x'");
    }
}
