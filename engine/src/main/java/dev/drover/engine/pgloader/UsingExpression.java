package dev.drover.engine.pgloader;

import dev.drover.engine.cast.Transform.TransformException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A column's value computed from a record's fields by a pgloader {@code using} expression (reference §10.3), as a plan
 * holds it: the expression's text, read with pgloader's s-expression rules and limited to the subset Drover runs.
 * The result is the column's text, or null for NULL; numbers and T print as Lisp's {@code princ} prints them.
 */
public final class UsingExpression {
    private final String text;
    private final Expr expr;
    private final List<String> fields;
    private final Map<String, Integer> slots;

    private UsingExpression(String text, Expr expr) {
        this.text = text;
        this.expr = expr;
        Set<String> names = new LinkedHashSet<>();
        collect(expr, names);
        this.fields = List.copyOf(names);
        Map<String, Integer> m = new HashMap<>();
        for (String f : fields) m.put(f, m.size());
        this.slots = Map.copyOf(m);
    }

    /**
     * @throws IllegalArgumentException naming the offset and the problem when the text is not an expression Drover
     *                                  runs
     */
    public static UsingExpression parse(String text) {
        SourceText source = new SourceText("using", text);
        int[] offsets = new int[text.length() + 1];
        Arrays.setAll(offsets, i -> i);
        Scanner s = new Scanner(source, new Template.Rendered(text, offsets, List.of()));
        try {
            Expr e = UsingParser.parse(s, "the using expression");
            s.skipTrivia();
            if (s.pos < text.length()) throw s.error(s.pos, "unexpected text after the using expression: " + text.substring(s.pos));
            return new UsingExpression(text, e);
        } catch (CommandFileException bad) {
            throw new IllegalArgumentException("using " + text + ": at " + (bad.line() == 1 ? "character " + bad.column() : "line " + bad.line() + " character " + bad.column()) + ": " + bad.problem());
        }
    }

    static UsingExpression of(String text, Expr expr) {
        return new UsingExpression(text, expr);
    }

    private static void collect(Expr e, Set<String> names) {
        if (e instanceof Expr.FieldRef f) names.add(f.name());
        else if (e instanceof Expr.Call c) c.args().forEach(a -> collect(a, names));
        else if (e instanceof Expr.Cond c) {
            for (Expr.Clause cl : c.clauses()) {
                collect(cl.test(), names);
                cl.body().forEach(b -> collect(b, names));
            }
        }
    }

    public String text() {
        return text;
    }

    /** The field names the expression reads (lower case, in order of first use): {@link #evaluate} takes their values in this order. */
    public List<String> fields() {
        return fields;
    }

    /**
     * @param values the value of each of {@link #fields()} (null for NULL)
     * @return the column's text, or null for NULL
     * @throws TransformException when Lisp would signal an error for these values, with the reason
     */
    public String evaluate(CharSequence[] values) throws TransformException {
        Object[] env = new Object[values.length];
        for (int i = 0; i < values.length; i++) env[i] = values[i] == null ? null : values[i].toString();
        try {
            Object out = Interpreter.eval(expr, env, slots);
            return out == null ? null : Interpreter.princ(out);
        } catch (Interpreter.LispError | ArithmeticException e) {
            throw new TransformException(text + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
