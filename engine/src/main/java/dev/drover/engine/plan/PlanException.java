package dev.drover.engine.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * An invalid plan (or plan option). Carries where ({@code file:line:column}, 0 when unknown), what
 * and, when Drover can tell, how to fix it. A file is checked completely: {@link #problems()} lists
 * every problem found, this exception being the first of them.
 */
public final class PlanException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;
    private final String problem;
    private final String suggestion;
    private final List<PlanException> problems;

    public PlanException(String file, int line, int column, String message, String suggestion) {
        super(format(file, line, column, message, suggestion));
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = message;
        this.suggestion = suggestion;
        this.problems = List.of(this);
    }

    private PlanException(PlanException first, List<PlanException> all) {
        super(first.getMessage());
        this.file = first.file;
        this.line = first.line;
        this.column = first.column;
        this.problem = first.problem;
        this.suggestion = first.suggestion;
        this.problems = List.copyOf(all);
    }

    /** One exception for several problems (at least one). */
    public static PlanException of(List<PlanException> all) {
        if (all.isEmpty()) throw new IllegalArgumentException("no problems");
        List<PlanException> flat = new ArrayList<>();
        for (PlanException p : all) flat.addAll(p.problems());
        return flat.size() == 1 ? flat.get(0) : new PlanException(flat.get(0), flat);
    }

    static String format(String file, int line, int column, String message, String suggestion) {
        StringBuilder b = new StringBuilder();
        if (file != null) b.append(file).append(':');
        if (line > 0) b.append(line).append(':').append(column > 0 ? column : 1).append(':');
        if (b.length() > 0) b.append(' ');
        b.append(message);
        if (suggestion != null && !suggestion.isBlank()) b.append(" (").append(suggestion).append(')');
        return b.toString();
    }

    public String file() { return file; }
    public int line() { return line; }
    public int column() { return column; }
    /** The problem alone, without location or suggestion. */
    public String problem() { return problem; }
    /** How to fix it, or null. */
    public String suggestion() { return suggestion; }
    /** Every problem found, in file order; contains this exception first. */
    public List<PlanException> problems() { return problems; }
}
