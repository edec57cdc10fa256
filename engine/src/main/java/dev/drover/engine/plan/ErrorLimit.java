package dev.drover.engine.plan;

/**
 * {@code max errors}: abort a table once its rejects pass {@code count}, or pass {@code percent}
 * of the rows read so far (checked after at least 1,000 rows). Either part may be absent.
 */
public record ErrorLimit(Long count, Double percent) {
    public static final ErrorLimit NONE = new ErrorLimit(null, null);

    /** Parses {@code 100} or {@code 2.5%}. */
    public static ErrorLimit parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("none")) return NONE;
        if (t.endsWith("%")) {
            double p = Double.parseDouble(t.substring(0, t.length() - 1).trim());
            if (p < 0 || p > 100) throw new IllegalArgumentException("a percentage between 0 and 100 is expected, not " + t);
            return new ErrorLimit(null, p);
        }
        long n = Long.parseLong(t);
        if (n < 0) throw new IllegalArgumentException("max errors cannot be negative");
        return new ErrorLimit(n, null);
    }

    public boolean exceeded(long rejected, long read) {
        if (count != null && rejected > count) return true;
        return percent != null && read >= 1000 && rejected * 100.0 / read > percent;
    }

    @Override
    public String toString() {
        if (count != null) return Long.toString(count);
        if (percent != null) return percent + "%";
        return "none";
    }
}
