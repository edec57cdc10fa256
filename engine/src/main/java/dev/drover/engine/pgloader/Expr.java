package dev.drover.engine.pgloader;

import java.util.List;

/**
 * A {@code TARGET COLUMNS ... using} expression: the subset of pgloader's Lisp that Drover can evaluate (reference
 * §10.3). Anything outside it is refused by the parser, so a later evaluator never meets an unknown form.
 */
public sealed interface Expr {
    Position position();

    /** A symbol that is not an operator: the value of the field of that name (lower case). */
    record FieldRef(String name, Position position) implements Expr {}

    /** {@code "text"}, with {@code \"} and {@code \\} decoded. */
    record Text(String value, Position position) implements Expr {}

    /** An unsigned decimal integer. */
    record Number(long value, Position position) implements Expr {}

    /** {@code nil} (NULL, or false) and {@code t} (true). */
    record Bool(boolean value, Position position) implements Expr {}

    /** A character literal such as {@code #\Space}, decoded. */
    record Char(char value, Position position) implements Expr {}

    /** A keyword argument name such as {@code :junk-allowed}, without the colon. */
    record Keyword(String name, Position position) implements Expr {}

    /** {@code (operator args...)}: a transform function or one of the supported Lisp operators (lower case). */
    record Call(String operator, List<Expr> args, Position position) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** {@code (cond (test value...) ...)}. */
    record Cond(List<Clause> clauses, Position position) implements Expr {
        public Cond {
            clauses = List.copyOf(clauses);
        }
    }

    record Clause(Expr test, List<Expr> body) {
        public Clause {
            body = List.copyOf(body);
        }
    }
}
