package dev.drover.engine.cli;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

/**
 * The single call site of {@code dev.drover.engine.source.csv.CsvSniffer.guess(Path)} (written in
 * another change). Until both are merged it is called reflectively.
 *
 * <p>MERGE: replace the body of {@link #guess(Path)} by a direct call
 * {@code CsvGuess g = CsvSniffer.guess(file); return new Guess(g.encoding(), g.delimiter(), g.quote(), g.escape(), g.header(), g.notes());}
 */
final class CsvGuessBridge {
    record Guess(String encoding, char delimiter, Character quote, Character escape, boolean header, List<String> notes) {}

    private CsvGuessBridge() {}

    static Guess guess(Path file) {
        Object g;
        try {
            Class<?> sniffer = Class.forName("dev.drover.engine.source.csv.CsvSniffer");
            g = sniffer.getMethod("guess", Path.class).invoke(null, file);
        } catch (ClassNotFoundException e) {
            throw new UsageException("--guess is not available in this build (the CSV sniffer is missing)",
                    "give --delimiter, --quote, --header and --encoding instead");
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            throw new IllegalStateException("cannot guess the format of " + file + ": " + c.getMessage(), c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("CsvSniffer.guess(Path) has an unexpected shape", e);
        }
        @SuppressWarnings("unchecked")
        List<String> notes = (List<String>) get(g, "notes");
        return new Guess((String) get(g, "encoding"), (Character) get(g, "delimiter"), (Character) get(g, "quote"),
                (Character) get(g, "escape"), (Boolean) get(g, "header"), notes == null ? List.of() : notes);
    }

    private static Object get(Object record, String accessor) {
        try {
            Method m = record.getClass().getMethod(accessor);
            m.setAccessible(true);
            return m.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("CsvGuess." + accessor + "() is missing", e);
        }
    }
}
