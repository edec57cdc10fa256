package dev.drover.engine.pgloader;

import dev.drover.engine.cast.Transforms;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@code using} expression with pgloader's s-expression reader rules (reference §10.3: lists, strings with
 * {@code \"}, unsigned integers, {@code #\Space}, {@code :keywords}, symbols) and keeps it only if it stays inside the
 * subset Drover evaluates. pgloader compiles arbitrary Common Lisp here; Drover refuses the rest when the file is
 * parsed rather than when a row reaches it.
 */
final class UsingParser {
    /** Operator → {min, max} argument count (max -1: any). */
    private static final Map<String, int[]> LISP = Map.ofEntries(
            Map.entry("identity", new int[] {1, 1}), Map.entry("if", new int[] {2, 3}),
            Map.entry("when", new int[] {2, -1}), Map.entry("unless", new int[] {2, -1}),
            Map.entry("and", new int[] {0, -1}), Map.entry("or", new int[] {0, -1}),
            Map.entry("not", new int[] {1, 1}), Map.entry("null", new int[] {1, 1}),
            Map.entry("string=", new int[] {2, 2}), Map.entry("string-equal", new int[] {2, 2}),
            Map.entry("string-trim", new int[] {2, 2}), Map.entry("string-left-trim", new int[] {2, 2}),
            Map.entry("string-right-trim", new int[] {2, 2}), Map.entry("string-upcase", new int[] {1, 1}),
            Map.entry("string-downcase", new int[] {1, 1}), Map.entry("subseq", new int[] {2, 3}),
            Map.entry("length", new int[] {1, 1}), Map.entry("format", new int[] {2, -1}),
            Map.entry("concatenate", new int[] {1, -1}), Map.entry("parse-integer", new int[] {1, 3}),
            Map.entry("+", new int[] {0, -1}), Map.entry("-", new int[] {1, -1}), Map.entry("*", new int[] {0, -1}),
            Map.entry("floor", new int[] {1, 2}), Map.entry("write-to-string", new int[] {1, 1}),
            Map.entry("princ-to-string", new int[] {1, 1}), Map.entry("split-sequence", new int[] {2, 2}),
            Map.entry("first", new int[] {1, 1}), Map.entry("second", new int[] {1, 1}), Map.entry("nth", new int[] {2, 2}),
            Map.entry("third", new int[] {1, 1}), Map.entry("rest", new int[] {1, 1}));

    /** pgloader's transform functions (§10.2, with the DBF ones and v4's additions) that Drover may not register itself. */
    static final Set<String> PGLOADER_TRANSFORMS = Set.of("zero-dates-to-null", "date-with-no-separator",
            "time-with-no-separator", "tinyint-to-boolean", "bits-to-boolean", "bits-to-hex-bitstring", "int-to-ip",
            "ip-range", "convert-mysql-point", "convert-mysql-linestring", "integer-to-string", "float-to-string",
            "hex-to-dec", "hex-to-bytea", "set-to-enum-array", "empty-string-to-null", "right-trim",
            "remove-null-characters", "byte-vector-to-bytea", "byte-vector-to-hexstring", "binary-to-uuid",
            "binary-to-bytea", "varbinary-to-string", "varbinary-to-inet", "base64-decode",
            "sqlite-timestamp-to-timestamp", "unix-timestamp-to-timestamptz", "sql-server-uniqueidentifier-to-uuid",
            "sql-server-bit-to-boolean", "logical-to-boolean", "db3-trim-string", "db3-numeric-to-pgsql-numeric",
            "db3-numeric-to-pgsql-integer", "db3-date-to-pgsql-date", "numeric-to-integer", "int-to-uuid",
            "tinyint-to-integer", "year-to-integer", "trim-whitespace");

    private sealed interface Datum {
        int start();
    }

    private record ListDatum(List<Datum> items, int start, int end) implements Datum {}

    private enum AtomKind { SYMBOL, STRING, NUMBER, CHAR, KEYWORD, QUOTED_SYMBOL }

    private record Atom(AtomKind kind, String text, int start) implements Datum {}

    private final Scanner s;
    private final String text;
    private final String context;
    private int formStart;
    private int formEnd;

    private UsingParser(Scanner s, String context) {
        this.s = s;
        this.text = s.text();
        this.context = context;
    }

    /** @param context the clause, for messages: {@code "the using expression of column 'ip'"} */
    static Expr parse(Scanner s, String context) {
        UsingParser p = new UsingParser(s, context);
        s.skipTrivia();
        p.formStart = s.pos;
        Datum d = p.read();
        p.formEnd = s.pos;
        return p.convert(d);
    }

    private Datum read() {
        s.skipTrivia();
        int start = s.pos;
        if (start >= text.length()) throw s.error(start, "expected " + context + ", found end of file");
        char c = text.charAt(start);
        if (c == '(') {
            s.pos++;
            List<Datum> items = new ArrayList<>();
            while (true) {
                s.skipTrivia();
                if (s.pos >= text.length()) throw s.error(start, "unbalanced parentheses in " + context + ": the ( here is never closed");
                if (text.charAt(s.pos) == ')') {
                    s.pos++;
                    break;
                }
                items.add(read());
            }
            if (items.isEmpty()) throw s.error(start, "empty list () in " + context + "; write nil for NULL");
            return new ListDatum(items, start, s.pos);
        }
        if (c == ')') throw s.error(start, "unexpected ')' in " + context);
        if (c == '"') {
            StringBuilder b = new StringBuilder();
            int i = start + 1;
            while (true) {
                if (i >= text.length()) throw s.error(start, "unterminated string in " + context + ": the \" here is never closed");
                char ch = text.charAt(i);
                if (ch == '"') break;
                if (ch == '\\' && i + 1 < text.length()) ch = text.charAt(++i);
                b.append(ch);
                i++;
            }
            s.pos = i + 1;
            return new Atom(AtomKind.STRING, b.toString(), start);
        }
        if (c == '#') {
            if (text.startsWith("#\\", start) && start + 2 < text.length()) {
                int i = start + 3;
                while (i < text.length() && symbolChar(text.charAt(i))) i++;
                s.pos = i;
                return new Atom(AtomKind.CHAR, text.substring(start + 2, i), start);
            }
            throw unsupported(start, "the reader macro '" + Template.excerpt(text, start).split("\\s")[0] + "'");
        }
        if (c == '\'') {
            s.pos++;
            Datum quoted = read();
            if (quoted instanceof Atom a && a.kind() == AtomKind.SYMBOL) return new Atom(AtomKind.QUOTED_SYMBOL, a.text(), start);
            throw unsupported(start, "quoted data ('" + excerptOf(quoted) + ")");
        }
        if (c == '`' || c == ',' || c == ';') throw unsupported(start, "'" + c + "'");
        int i = start;
        while (i < text.length() && symbolChar(text.charAt(i))) i++;
        String tok = text.substring(start, i);
        s.pos = i;
        if (tok.matches("[0-9]+")) return new Atom(AtomKind.NUMBER, tok, start);
        if (tok.matches("[+-][0-9].*")) {
            throw s.error(start, "signed number " + tok + " in " + context + ": pgloader's reader has no negative numbers; write (- 0 " + tok.substring(1) + ")");
        }
        if (tok.startsWith(":") && tok.length() > 1) return new Atom(AtomKind.KEYWORD, tok.substring(1).toLowerCase(Locale.ROOT), start);
        return new Atom(AtomKind.SYMBOL, tok.toLowerCase(Locale.ROOT), start);
    }

    private static boolean symbolChar(char c) {
        return !Character.isWhitespace(c) && "()\"';`,".indexOf(c) < 0;
    }

    private Expr convert(Datum d) {
        Position at = s.position(d.start());
        if (d instanceof Atom a) {
            return switch (a.kind()) {
                case STRING -> new Expr.Text(a.text(), at);
                case NUMBER -> {
                    try {
                        yield new Expr.Number(Long.parseLong(a.text()), at);
                    } catch (NumberFormatException e) {
                        throw s.error(a.start(), "number " + a.text() + " in " + context + " is too large");
                    }
                }
                case KEYWORD -> new Expr.Keyword(a.text(), at);
                case CHAR -> new Expr.Char(character(a), at);
                case QUOTED_SYMBOL -> throw unsupported(a.start(), "quoted symbol '" + a.text() + " (only (concatenate 'string ...) takes one)");
                case SYMBOL -> switch (a.text()) {
                    case "nil" -> new Expr.Bool(false, at);
                    case "t" -> new Expr.Bool(true, at);
                    default -> new Expr.FieldRef(a.text(), at);
                };
            };
        }
        ListDatum l = (ListDatum) d;
        Datum head = l.items().get(0);
        if (!(head instanceof Atom h) || h.kind() != AtomKind.SYMBOL) {
            throw unsupported(head.start(), "a call whose operator is not a name");
        }
        String op = h.text();
        List<Datum> rest = l.items().subList(1, l.items().size());
        if (op.equals("cond")) {
            List<Expr.Clause> clauses = new ArrayList<>();
            for (Datum c : rest) {
                if (!(c instanceof ListDatum cl)) throw s.error(c.start(), "each cond clause in " + context + " is a list (test value...)");
                List<Expr> body = new ArrayList<>();
                for (Datum b : cl.items().subList(1, cl.items().size())) body.add(convert(b));
                clauses.add(new Expr.Clause(convert(cl.items().get(0)), body));
            }
            return new Expr.Cond(clauses, at);
        }
        boolean transform = Transforms.names().contains(op);
        int[] arity = LISP.get(op);
        if (arity == null && !transform) {
            if (PGLOADER_TRANSFORMS.contains(op)) throw s.error(h.start(), notImplemented(op) + " (in " + context + ")");
            throw unsupported(h.start(), "the Lisp operator '" + op + "'");
        }
        List<Expr> args = new ArrayList<>();
        int from = 0;
        if (op.equals("concatenate")) {
            if (!(rest.get(0) instanceof Atom t) || t.kind() != AtomKind.QUOTED_SYMBOL || !t.text().equals("string")) {
                throw s.error(rest.get(0).start(), "(concatenate ...) in " + context + " must start with 'string");
            }
            from = 1;
        }
        for (Datum a : rest.subList(from, rest.size())) args.add(convert(a));
        if (arity != null) {
            int n = rest.size();
            if (n < arity[0] || (arity[1] >= 0 && n > arity[1])) {
                String want = arity[1] == arity[0] ? String.valueOf(arity[0]) : arity[1] < 0 ? "at least " + arity[0] : arity[0] + " to " + arity[1];
                throw s.error(l.start(), "(" + op + " ...) in " + context + " takes " + want + " argument" + (want.equals("1") ? "" : "s") + ", found " + n);
            }
        }
        if (op.equals("format")) checkFormat(l, args);
        return new Expr.Call(op, args, at);
    }

    private void checkFormat(ListDatum l, List<Expr> args) {
        if (!(args.get(0) instanceof Expr.Bool b) || b.value()) {
            throw s.error(l.items().get(1).start(), "(format ...) in " + context + " must be (format nil \"...\" args): Drover builds a string, it does not print");
        }
        if (!(args.get(1) instanceof Expr.Text t)) {
            throw s.error(l.items().get(2).start(), "the control string of (format nil ...) in " + context + " must be a \"string\"");
        }
        String f = t.value();
        LispFormat format;
        try {
            format = LispFormat.compile(f);
        } catch (LispFormat.Unsupported u) {
            throw s.error(l.items().get(2).start(), u.getMessage() + " (in the control string of (format nil ...) in " + context + ")");
        }
        int directives = format.arguments();
        if (directives != args.size() - 2) {
            throw s.error(l.start(), "(format nil \"" + f + "\" ...) in " + context + " takes " + directives + " argument"
                    + (directives == 1 ? "" : "s") + " but is given " + (args.size() - 2));
        }
    }

    private char character(Atom a) {
        String n = a.text();
        if (n.length() == 1) return n.charAt(0);
        return switch (n.toLowerCase(Locale.ROOT)) {
            case "space" -> ' ';
            case "tab" -> '\t';
            case "newline", "linefeed" -> '\n';
            case "return" -> '\r';
            case "comma" -> ',';
            default -> throw s.error(a.start(), "unknown character name #\\" + n + " in " + context);
        };
    }

    /** One message for a pgloader function Drover has not written yet, wherever the file names it. */
    static String notImplemented(String transform) {
        return "Drover does not implement pgloader's transform '" + transform + "' yet";
    }

    private CommandFileException unsupported(int at, String what) {
        String form = formEnd > formStart ? text.substring(formStart, formEnd) : Template.excerpt(text, formStart);
        form = form.replaceAll("\\s+", " ");
        if (form.length() > 60) form = form.substring(0, 57) + "...";
        return s.error(at, "Drover cannot run " + what + " in " + context + " " + form
                + ": pgloader compiles it as Common Lisp; Drover runs pgloader's transform functions and "
                + String.join(", ", new TreeSet<>(LISP.keySet())) + ", cond");
    }

    private String excerptOf(Datum d) {
        return d instanceof ListDatum l ? text.substring(l.start(), l.end()) : ((Atom) d).text();
    }
}
