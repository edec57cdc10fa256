package dev.drover.engine.cast;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * pgloader's typemod guard, e.g. {@code (and (= precision 18) (= scale 6))}: comparisons ({@code = < > <= >= /=})
 * over {@code precision}, {@code scale} and integer literals, combined with {@code and}, {@code or}, {@code not}.
 * Comparisons take two or more operands and chain as in Lisp ({@code (< 0 precision 10)}). Compiled once per rule.
 */
final class TypemodGuard {
    private final String text;
    private final Condition condition;

    private TypemodGuard(String text, Condition condition) {
        this.text = text;
        this.condition = condition;
    }

    /** @throws GuardException naming the 0-based offset in {@code text} where parsing failed */
    static TypemodGuard parse(String text) {
        Parser p = new Parser(text);
        p.skipSpace();
        Condition c = p.condition();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw new GuardException("unexpected '" + text.substring(p.pos) + "' after the guard expression", p.pos);
        }
        return new TypemodGuard(text, c);
    }

    /** A column without a modifier never matches; {@code scale} is 0 when the modifier has one number. */
    boolean test(Integer precision, Integer scale) {
        if (precision == null) return false;
        return condition.test(precision, scale == null ? 0 : scale);
    }

    @Override
    public String toString() {
        return text;
    }

    static final class GuardException extends IllegalArgumentException {
        final int offset;

        GuardException(String message, int offset) {
            super(message);
            this.offset = offset;
        }
    }

    private interface Condition {
        boolean test(int precision, int scale);
    }

    private interface Term {
        int value(int precision, int scale);
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        String atom() {
            skipSpace();
            int start = pos;
            while (pos < s.length() && !Character.isWhitespace(s.charAt(pos)) && s.charAt(pos) != '(' && s.charAt(pos) != ')') {
                pos++;
            }
            if (start == pos) {
                throw new GuardException(pos < s.length() ? "unexpected '" + s.charAt(pos) + "'" : "unexpected end of the guard", pos);
            }
            return s.substring(start, pos).toLowerCase(Locale.ROOT);
        }

        void expect(char c) {
            skipSpace();
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw new GuardException("expected '" + c + "'" + (pos < s.length() ? " but found '" + s.charAt(pos) + "'" : " but the guard ended"), pos);
            }
            pos++;
        }

        boolean peek(char c) {
            skipSpace();
            return pos < s.length() && s.charAt(pos) == c;
        }

        Condition condition() {
            expect('(');
            int opAt = pos;
            String op = atom();
            Condition c = switch (op) {
                case "and" -> {
                    List<Condition> parts = conditions();
                    yield (p, sc) -> parts.stream().allMatch(x -> x.test(p, sc));
                }
                case "or" -> {
                    List<Condition> parts = conditions();
                    yield (p, sc) -> parts.stream().anyMatch(x -> x.test(p, sc));
                }
                case "not" -> {
                    Condition inner = condition();
                    yield (p, sc) -> !inner.test(p, sc);
                }
                case "=", "<", ">", "<=", ">=", "/=" -> comparison(op, terms(opAt));
                default -> throw new GuardException("unknown operator '" + op + "' (use = < > <= >= /= and or not)", opAt);
            };
            expect(')');
            return c;
        }

        List<Condition> conditions() {
            List<Condition> parts = new ArrayList<>();
            while (!peek(')')) {
                if (pos >= s.length()) throw new GuardException("unexpected end of the guard: missing ')'", pos);
                parts.add(condition());
            }
            if (parts.isEmpty()) throw new GuardException("'and'/'or' needs at least one expression", pos);
            return parts;
        }

        List<Term> terms(int opAt) {
            List<Term> terms = new ArrayList<>();
            while (!peek(')')) {
                if (pos >= s.length()) throw new GuardException("unexpected end of the guard: missing ')'", pos);
                if (peek('(')) throw new GuardException("comparisons take precision, scale or integers, not expressions", pos);
                int at = pos;
                String a = atom();
                switch (a) {
                    case "precision" -> terms.add((p, sc) -> p);
                    case "scale" -> terms.add((p, sc) -> sc);
                    default -> {
                        try {
                            int n = Integer.parseInt(a);
                            terms.add((p, sc) -> n);
                        } catch (NumberFormatException e) {
                            throw new GuardException("'" + a + "' is not precision, scale or an integer", at);
                        }
                    }
                }
            }
            if (terms.size() < 2) throw new GuardException("a comparison needs two operands", opAt);
            return terms;
        }

        static Condition comparison(String op, List<Term> terms) {
            if (op.equals("/=")) {
                // Lisp's /= is true when no two operands are equal.
                return (p, sc) -> {
                    for (int i = 0; i < terms.size(); i++) {
                        for (int j = i + 1; j < terms.size(); j++) {
                            if (terms.get(i).value(p, sc) == terms.get(j).value(p, sc)) return false;
                        }
                    }
                    return true;
                };
            }
            return (p, sc) -> {
                for (int i = 0; i + 1 < terms.size(); i++) {
                    int a = terms.get(i).value(p, sc);
                    int b = terms.get(i + 1).value(p, sc);
                    boolean ok = switch (op) {
                        case "=" -> a == b;
                        case "<" -> a < b;
                        case ">" -> a > b;
                        case "<=" -> a <= b;
                        default -> a >= b;
                    };
                    if (!ok) return false;
                }
                return true;
            };
        }
    }
}
