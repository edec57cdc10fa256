package dev.drover.engine.pgloader;

import dev.drover.engine.cast.Transform;
import dev.drover.engine.cast.Transform.TransformException;
import dev.drover.engine.cast.Transforms;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a {@code using} expression with Common Lisp's meaning for the subset {@link UsingParser} accepts (reference
 * §10.3), so an imported file computes what pgloader computed. Values are Lisp's: {@code null} is NIL (NULL and
 * false), {@link Boolean#TRUE} is T, and otherwise String, Long, Character or List. Where Lisp signals an error
 * (a type error, {@code parse-integer} of junk, {@code subseq} out of bounds) the row is rejected with the message;
 * pgloader drops such a row silently.
 */
final class Interpreter {
    private Interpreter() {}

    /** What Lisp would signal: the row is rejected with this message. */
    static final class LispError extends RuntimeException {
        LispError(String message) {
            super(message, null, false, false);
        }
    }

    /** @param env each field's value, by the slot {@code slots} gives its (lower-case) name */
    static Object eval(Expr e, Object[] env, Map<String, Integer> slots) throws TransformException {
        if (e instanceof Expr.FieldRef f) return env[slots.get(f.name())];
        if (e instanceof Expr.Text t) return t.value();
        if (e instanceof Expr.Number n) return n.value();
        if (e instanceof Expr.Bool b) return b.value() ? Boolean.TRUE : null;
        if (e instanceof Expr.Char c) return c.value();
        if (e instanceof Expr.Keyword k) throw new LispError("keyword :" + k.name() + " outside an argument list");
        if (e instanceof Expr.Cond cond) {
            for (Expr.Clause cl : cond.clauses()) {
                Object test = eval(cl.test(), env, slots);
                if (test == null) continue;
                Object v = test;
                for (Expr b : cl.body()) v = eval(b, env, slots);
                return v;
            }
            return null;
        }
        Expr.Call call = (Expr.Call) e;
        List<Expr> a = call.args();
        switch (call.operator()) {
            case "if": return eval(a.get(0), env, slots) != null ? eval(a.get(1), env, slots) : a.size() > 2 ? eval(a.get(2), env, slots) : null;
            case "when":
            case "unless": {
                boolean run = (eval(a.get(0), env, slots) != null) == call.operator().equals("when");
                Object v = null;
                if (run) for (Expr b : a.subList(1, a.size())) v = eval(b, env, slots);
                return v;
            }
            case "and": {
                Object v = Boolean.TRUE;
                for (Expr x : a) if ((v = eval(x, env, slots)) == null) return null;
                return v;
            }
            case "or": {
                for (Expr x : a) {
                    Object v = eval(x, env, slots);
                    if (v != null) return v;
                }
                return null;
            }
            default: break;
        }
        List<Object> v = new ArrayList<>(a.size());
        for (Expr x : a) v.add(x instanceof Expr.Keyword k ? k : eval(x, env, slots));
        return apply(call.operator(), v);
    }

    private static Object apply(String op, List<Object> v) throws TransformException {
        switch (op) {
            case "identity": return v.get(0);
            case "not":
            case "null": return v.get(0) == null ? Boolean.TRUE : null;
            case "string=": return string(v.get(0), op).equals(string(v.get(1), op)) ? Boolean.TRUE : null;
            case "string-equal": return string(v.get(0), op).equalsIgnoreCase(string(v.get(1), op)) ? Boolean.TRUE : null;
            case "string-trim": return trim(bag(v.get(0), op), string(v.get(1), op), true, true);
            case "string-left-trim": return trim(bag(v.get(0), op), string(v.get(1), op), true, false);
            case "string-right-trim": return trim(bag(v.get(0), op), string(v.get(1), op), false, true);
            case "string-upcase": return string(v.get(0), op).toUpperCase(Locale.ROOT);
            case "string-downcase": return string(v.get(0), op).toLowerCase(Locale.ROOT);
            case "subseq": return subseq(v);
            case "length": {
                Object s = v.get(0);
                if (s == null) return 0L;
                if (s instanceof String str) return (long) str.length();
                if (s instanceof List<?> l) return (long) l.size();
                throw typeError(op, s, "a sequence");
            }
            case "format": return LispFormat.compile((String) v.get(1)).apply(v.subList(2, v.size()));
            case "concatenate": {
                StringBuilder b = new StringBuilder();
                for (Object x : v) b.append(sequenceText(x));
                return b.toString();
            }
            case "parse-integer": return parseInteger(v);
            case "+": {
                long s = 0;
                for (Object x : v) s = Math.addExact(s, integer(x, op));
                return s;
            }
            case "*": {
                long s = 1;
                for (Object x : v) s = Math.multiplyExact(s, integer(x, op));
                return s;
            }
            case "-": {
                long s = integer(v.get(0), op);
                if (v.size() == 1) return Math.negateExact(s);
                for (Object x : v.subList(1, v.size())) s = Math.subtractExact(s, integer(x, op));
                return s;
            }
            case "floor": {
                long n = integer(v.get(0), op);
                long d = v.size() > 1 ? integer(v.get(1), op) : 1;
                if (d == 0) throw new LispError("floor: division by zero");
                return Math.floorDiv(n, d);
            }
            case "write-to-string": return prin1(v.get(0));
            case "princ-to-string": return princ(v.get(0));
            case "split-sequence": return split(v.get(0), v.get(1));
            case "first": return nth(0, v.get(0), op);
            case "second": return nth(1, v.get(0), op);
            case "third": return nth(2, v.get(0), op);
            case "rest": {
                Object l = v.get(0);
                if (l == null) return null;
                if (!(l instanceof List<?> list)) throw typeError(op, l, "a list");
                return list.size() <= 1 ? null : List.copyOf(list.subList(1, list.size()));
            }
            case "nth": {
                long i = integer(v.get(0), op);
                if (i < 0) throw new LispError("nth: the index " + i + " is negative");
                return nth(i, v.get(1), op);
            }
            default: return transform(op, v);
        }
    }

    /** One of pgloader's transform functions: one argument, or the list of them (ip-range takes two). */
    private static Object transform(String op, List<Object> v) throws TransformException {
        Transform t = Transforms.byName(op).orElseThrow(() -> new LispError("unknown function " + op));
        Object out = t.apply(v.size() == 1 ? v.get(0) : v);
        if (out == null) return null;
        if (out instanceof byte[] b) return "\\x" + HexFormat.of().formatHex(b);
        return out instanceof CharSequence cs ? cs.toString() : out;
    }

    /** A string designator as Lisp reads one: NIL is the symbol NIL, so {@code (string= nil "")} is false. */
    private static String string(Object x, String op) {
        if (x == null) return "NIL";
        if (x == Boolean.TRUE) return "T";
        if (x instanceof String s) return s;
        if (x instanceof Character c) return c.toString();
        throw typeError(op, x, "a string");
    }

    private static String bag(Object x, String op) {
        if (x instanceof List<?> l) {
            StringBuilder b = new StringBuilder();
            for (Object c : l) b.append(string(c, op));
            return b.toString();
        }
        if (x == null) return "";
        return string(x, op);
    }

    private static String trim(String bag, String s, boolean left, boolean right) {
        int from = 0;
        int to = s.length();
        if (left) while (from < to && bag.indexOf(s.charAt(from)) >= 0) from++;
        if (right) while (to > from && bag.indexOf(s.charAt(to - 1)) >= 0) to--;
        return s.substring(from, to);
    }

    private static Object subseq(List<Object> v) {
        Object s = v.get(0);
        int len = s == null ? 0 : s instanceof String str ? str.length() : s instanceof List<?> l ? l.size() : -1;
        if (len < 0) throw typeError("subseq", s, "a sequence");
        long start = integer(v.get(1), "subseq");
        long end = v.size() > 2 && v.get(2) != null ? integer(v.get(2), "subseq") : len;
        if (start < 0 || end > len || start > end) {
            throw new LispError("subseq: the bounds " + start + " and " + end + " are outside " + prin1(s) + " (length " + len + ")");
        }
        if (s == null) return null;
        if (s instanceof String str) return str.substring((int) start, (int) end);
        List<?> sub = ((List<?>) s).subList((int) start, (int) end);
        return sub.isEmpty() ? null : List.copyOf(sub);
    }

    private static String sequenceText(Object x) {
        if (x == null) return "";
        if (x instanceof String s) return s;
        if (x instanceof List<?> l) {
            StringBuilder b = new StringBuilder();
            for (Object c : l) {
                if (!(c instanceof Character ch)) throw typeError("concatenate", c, "a character");
                b.append(ch.charValue());
            }
            return b.toString();
        }
        throw typeError("concatenate", x, "a sequence");
    }

    private static Object parseInteger(List<Object> v) {
        Object x = v.get(0);
        boolean junk = false;
        for (int i = 1; i < v.size(); i++) {
            if (v.get(i) instanceof Expr.Keyword k && k.name().equals("junk-allowed") && i + 1 < v.size()) {
                junk = v.get(++i) != null;
            } else {
                throw new LispError("parse-integer takes :junk-allowed t after the string");
            }
        }
        if (!(x instanceof String s)) throw typeError("parse-integer", x, "a string");
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) i++;
        int start = i;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = i;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        boolean none = i == digits;
        int end = i;
        while (i < n && Character.isWhitespace(s.charAt(i))) i++;
        if (none || i < n) {
            if (junk) {
                if (none) return null;
            } else {
                throw new LispError("parse-integer: " + prin1(s) + " is not an integer");
            }
        }
        BigInteger value = new BigInteger(s.substring(start, end));
        if (value.bitLength() > 63) throw new LispError("parse-integer: " + s + " is larger than Drover's integers (64 bits)");
        return value.longValue();
    }

    private static long integer(Object x, String op) {
        if (x instanceof Long l) return l;
        throw typeError(op, x, "an integer");
    }

    private static List<Object> split(Object sep, Object x) {
        if (!(sep instanceof Character c)) throw typeError("split-sequence", sep, "a character such as #\\Space");
        List<Object> out = new ArrayList<>();
        if (x == null) {
            out.add(null);
            return out;
        }
        if (!(x instanceof String s)) throw typeError("split-sequence", x, "a string");
        int from = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == c) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        return out;
    }

    private static Object nth(long i, Object l, String op) {
        if (l == null) return null;
        if (!(l instanceof List<?> list)) throw typeError(op, l, "a list");
        return i < list.size() ? list.get((int) i) : null;
    }

    private static LispError typeError(String op, Object x, String wanted) {
        return new LispError(op + ": " + prin1(x) + " is not " + wanted);
    }

    /** Lisp's {@code princ}: how {@code ~a} prints a value. */
    static String princ(Object x) {
        if (x == null) return "NIL";
        if (x == Boolean.TRUE) return "T";
        if (x instanceof List<?> l) return list(l, false);
        return x.toString();
    }

    /** Lisp's {@code prin1}: how {@code ~s} and {@code write-to-string} print a value, strings quoted. */
    static String prin1(Object x) {
        if (x instanceof String s) return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        if (x instanceof Character c) return c == ' ' ? "#\\Space" : "#\\" + c;
        if (x instanceof List<?> l) return list(l, true);
        return princ(x);
    }

    private static String list(List<?> l, boolean readably) {
        StringBuilder b = new StringBuilder("(");
        for (Object o : l) {
            if (b.length() > 1) b.append(' ');
            b.append(readably ? prin1(o) : princ(o));
        }
        return b.append(')').toString();
    }
}
