package dev.drover.engine.pgloader;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of Common Lisp's {@code format} that load files use to build values: {@code ~a} (princ), {@code ~s}
 * (prin1), {@code ~d}, {@code ~%}, {@code ~&}, {@code ~~} and iteration over a list with {@code ~{...~}} and
 * {@code ~^} (the usual "join" idiom {@code "~{~a~^,~}"}). A control string is compiled once, when the file is read,
 * so a directive Drover does not run is refused then and not at the first row.
 */
final class LispFormat {
    private sealed interface Part {}

    private record Literal(String text) implements Part {}

    /** {@code ~a}, {@code ~s} or {@code ~d}: prints one argument. */
    private record Print(char how) implements Part {}

    private record Newline(boolean fresh) implements Part {}

    private record Iterate(List<Part> body) implements Part {}

    private record Escape() implements Part {}

    private final List<Part> parts;

    private LispFormat(List<Part> parts) {
        this.parts = parts;
    }

    /** A directive the control string uses that Drover cannot run, with its offset in the control string. */
    static final class Unsupported extends IllegalArgumentException {
        final int offset;

        Unsupported(int offset, String message) {
            super(message);
            this.offset = offset;
        }
    }

    static LispFormat compile(String control) {
        int[] at = {0};
        List<Part> parts = parse(control, at, false);
        return new LispFormat(parts);
    }

    private static List<Part> parse(String f, int[] at, boolean inIteration) {
        List<Part> out = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        while (at[0] < f.length()) {
            char c = f.charAt(at[0]);
            if (c != '~') {
                lit.append(c);
                at[0]++;
                continue;
            }
            int start = at[0];
            if (start + 1 >= f.length()) throw new Unsupported(start, "the control string ends with a lone ~");
            char d = Character.toLowerCase(f.charAt(start + 1));
            at[0] = start + 2;
            if (d == '~') {
                lit.append('~');
                continue;
            }
            if (lit.length() > 0) {
                out.add(new Literal(lit.toString()));
                lit.setLength(0);
            }
            switch (d) {
                case 'a', 's', 'd' -> out.add(new Print(d));
                case '%' -> out.add(new Newline(false));
                case '&' -> out.add(new Newline(true));
                case '{' -> {
                    List<Part> body = parse(f, at, true);
                    out.add(new Iterate(body));
                }
                case '}' -> {
                    if (!inIteration) throw new Unsupported(start, "~} closes no ~{");
                    return out;
                }
                case '^' -> {
                    if (!inIteration) throw new Unsupported(start, "~^ outside ~{...~} is not supported");
                    out.add(new Escape());
                }
                default -> throw new Unsupported(start, "format directive ~" + f.charAt(start + 1)
                        + " is not supported; Drover runs ~a, ~s, ~d, ~%, ~&, ~~ and ~{...~} with ~^");
            }
        }
        if (inIteration) throw new Unsupported(f.length(), "a ~{ is never closed by ~}");
        if (lit.length() > 0) out.add(new Literal(lit.toString()));
        return out;
    }

    /** How many arguments the control string consumes (an iteration takes one: its list). */
    int arguments() {
        int n = 0;
        for (Part p : parts) if (p instanceof Print || p instanceof Iterate) n++;
        return n;
    }

    String apply(List<Object> args) {
        StringBuilder out = new StringBuilder();
        run(parts, args, new int[] {0}, out);
        return out.toString();
    }

    /** @return false when a {@code ~^} ended the pass because no arguments were left */
    private static boolean run(List<Part> parts, List<Object> args, int[] next, StringBuilder out) {
        for (Part p : parts) {
            if (p instanceof Literal l) out.append(l.text());
            else if (p instanceof Print pr) {
                if (next[0] >= args.size()) throw new Interpreter.LispError("format: the control string needs more arguments than it was given");
                Object v = args.get(next[0]++);
                out.append(pr.how() == 's' ? Interpreter.prin1(v) : Interpreter.princ(v));
            } else if (p instanceof Newline n) {
                if (!n.fresh() || (out.length() > 0 && out.charAt(out.length() - 1) != '\n')) out.append('\n');
            } else if (p instanceof Iterate it) {
                if (next[0] >= args.size()) throw new Interpreter.LispError("format: ~{ needs a list argument");
                Object v = args.get(next[0]++);
                if (v != null && !(v instanceof List<?>)) {
                    throw new Interpreter.LispError("format: ~{ needs a list, got " + Interpreter.prin1(v));
                }
                @SuppressWarnings("unchecked")
                List<Object> items = v == null ? List.of() : (List<Object>) v;
                int[] inner = {0};
                while (inner[0] < items.size()) {
                    int before = inner[0];
                    // a body that takes no argument would loop for ever; Lisp stops it the same way
                    if (!run(it.body(), items, inner, out) || inner[0] == before) break;
                }
            } else if (p instanceof Escape) {
                if (next[0] >= args.size()) return false;
            }
        }
        return true;
    }
}
