import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a deterministic CSV file for the benchmark and the loader tests.
 *
 * <pre>
 * java bench/GenerateCsv.java N out.csv [--bad-percent P] [--seed S] [--bad-rows FILE]
 * </pre>
 *
 * Columns: {@code id bigint, name text, amount numeric(12,2), created timestamptz, active bool,
 * note text}, with a header line. {@code note} is always quoted and holds commas, doubled quotes
 * and non-ASCII text (é, 漢字, an emoji). No field holds a line break, so every record is exactly
 * one line: data row k (1-based) is line k + 1 of the file.
 *
 * <p>With {@code --bad-percent P}, exactly round(N × P / 100) rows, spread at random, are bad in one
 * of five ways, taken in turn: a non-numeric id, an amount out of range for numeric(12,2), an
 * impossible date (2024-02-30), a missing field, an extra field. Their line numbers (header = line
 * 1), one per line in ascending order, go to {@code bad-rows.txt} next to the output file, or to
 * {@code --bad-rows FILE}. Same N, P and seed: same bytes.
 */
public final class GenerateCsv {
    private static final String[] NAMES = {
        "Alice", "Bob", "Chloé", "Dmitri", "Émile", "Fatima", "Gonzalo", "Hélène", "Ingrid", "José",
        "Kenji", "Łukasz", "Marta", "Nguyễn", "Olu", "Priya", "李雷", "Søren", "Zoë", "Ümit"
    };
    /** Note bodies as they appear inside the quotes, quotes already doubled. */
    private static final String[] NOTES = {
        "Order #%, shipped to \"\"Café Müller\"\", Zürich",
        "漢字 and emoji 🚚, batch %, ok",
        "He said \"\"hello, world\"\" and left",
        "résumé, naïve, façade; item %",
        "plain note %",
        "\"\"quoted\"\" at the start, 漢字 at the end",
        "price: 12,50 € — 🎉 launch %",
        "a, b, c, d, e, f",
    };
    private static final String[] KINDS = {"non-numeric id", "amount out of range", "impossible date", "missing field", "extra field"};

    public static void main(String[] args) throws IOException {
        long rows = -1;
        Path out = null;
        double badPercent = 0;
        long seed = 42;
        Path badRowsFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--bad-percent" -> badPercent = Double.parseDouble(value(args, ++i, a));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                case "--bad-rows" -> badRowsFile = Path.of(value(args, ++i, a));
                case "-h", "--help" -> usage(0);
                default -> {
                    if (a.startsWith("--")) {
                        System.err.println("unknown option: " + a);
                        usage(2);
                    } else if (rows < 0) {
                        rows = Long.parseLong(a.replace("_", ""));
                    } else if (out == null) {
                        out = Path.of(a);
                    } else {
                        usage(2);
                    }
                }
            }
        }
        if (rows < 0 || out == null || badPercent < 0 || badPercent > 100) usage(2);
        if (badRowsFile == null && badPercent > 0) {
            Path dir = out.toAbsolutePath().getParent();
            badRowsFile = dir.resolve("bad-rows.txt");
        }
        long t0 = System.nanoTime();
        long bad = generate(rows, out, badPercent, seed, badRowsFile);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.err.printf("wrote %d rows (%d bad) to %s in %.1f s%s%n", rows, bad, out, secs,
                badRowsFile == null ? "" : "; bad lines in " + badRowsFile);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println(option + " needs a value");
            usage(2);
        }
        return args[i];
    }

    private static void usage(int code) {
        System.err.println("usage: java bench/GenerateCsv.java N out.csv [--bad-percent P] [--seed S] [--bad-rows FILE]");
        System.exit(code);
    }

    static long generate(long rows, Path out, double badPercent, long seed, Path badRowsFile) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        // A separate stream for choosing bad rows, so the good rows are the same bytes for any P.
        SplittableRandom pick = new SplittableRandom(seed * 31 + 7);
        long badTotal = Math.round(rows * badPercent / 100.0);
        long badLeft = badTotal;
        long badIndex = 0;
        // 2024-01-01T00:00:00Z plus up to a year
        final long baseEpoch = 1_704_067_200L;
        Writer badRows = badRowsFile == null ? null
                : new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(badRowsFile), StandardCharsets.UTF_8), 1 << 16);
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 20)) {
            w.write("id,name,amount,created,active,note\n");
            StringBuilder sb = new StringBuilder(256);
            for (long r = 0; r < rows; r++) {
                long id = r + 1;
                // Selection sampling (Knuth's algorithm S): exactly badTotal rows, evenly likely.
                boolean isBad = badLeft > 0 && pick.nextLong(rows - r) < badLeft;
                int kind = -1;
                if (isBad) {
                    badLeft--;
                    kind = (int) (badIndex++ % KINDS.length);
                    if (badRows != null) {
                        badRows.write(Long.toString(id + 1)); // header is line 1
                        badRows.write('\n');
                    }
                }
                sb.setLength(0);
                // id
                if (kind == 0) sb.append(id).append(id % 2 == 0 ? "x" : "-abc"); else sb.append(id);
                sb.append(',');
                // name
                sb.append(NAMES[rnd.nextInt(NAMES.length)]).append('_').append(rnd.nextInt(100_000));
                sb.append(',');
                // amount, numeric(12,2): at most 10 digits before the point
                long cents = rnd.nextLong(-100_000_000_00L, 100_000_000_00L);
                if (kind == 1) {
                    sb.append(cents < 0 ? "-" : "").append("123456789012.34");
                } else {
                    appendCents(sb, cents);
                }
                sb.append(',');
                // created, timestamptz with an explicit offset
                long epoch = baseEpoch + rnd.nextLong(366L * 86_400);
                if (kind == 2) {
                    sb.append("2024-02-30 ");
                    appendTime(sb, epoch);
                    sb.append("+00");
                } else {
                    appendTimestamp(sb, epoch);
                }
                // active (left out for a missing field)
                boolean active = rnd.nextBoolean();
                if (kind != 3) sb.append(',').append(active ? "true" : "false");
                sb.append(',');
                // note: always quoted
                String tpl = NOTES[rnd.nextInt(NOTES.length)];
                sb.append('"');
                int p = tpl.indexOf('%');
                if (p < 0) {
                    sb.append(tpl);
                } else {
                    sb.append(tpl, 0, p).append(id).append(tpl, p + 1, tpl.length());
                }
                sb.append('"');
                if (kind == 4) sb.append(",extra");
                sb.append('\n');
                w.append(sb);
            }
        } finally {
            if (badRows != null) badRows.close();
        }
        return badTotal;
    }

    private static void appendCents(StringBuilder sb, long cents) {
        if (cents < 0) {
            sb.append('-');
            cents = -cents;
        }
        sb.append(cents / 100).append('.');
        long c = cents % 100;
        if (c < 10) sb.append('0');
        sb.append(c);
    }

    /** {@code YYYY-MM-DD HH:MM:SS+00}, UTC, without java.time formatting (it is the slow part). */
    private static void appendTimestamp(StringBuilder sb, long epoch) {
        long days = Math.floorDiv(epoch, 86_400L);
        // civil-from-days (Howard Hinnant's algorithm)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) y++;
        sb.append(y).append('-');
        two(sb, m);
        sb.append('-');
        two(sb, d);
        sb.append(' ');
        appendTime(sb, epoch);
        sb.append("+00");
    }

    private static void appendTime(StringBuilder sb, long epoch) {
        long s = Math.floorMod(epoch, 86_400L);
        two(sb, s / 3600);
        sb.append(':');
        two(sb, (s / 60) % 60);
        sb.append(':');
        two(sb, s % 60);
    }

    private static void two(StringBuilder sb, long v) {
        if (v < 10) sb.append('0');
        sb.append(v);
    }
}
