package dev.drover.engine.ingest;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The options whose values travel as pg-bulk-ingest's strings ({@code __IF_PRIMARY_KEY__}...), so the same values
 * work in command lines, plans and scheduler parameters. One reading rule for all of them: the wire string, or the
 * constant's name in any case.
 */
interface Wire {
    String wire();

    static <E extends Enum<E> & Wire> E parse(Class<E> type, String what, String s) {
        for (E e : type.getEnumConstants()) if (e.wire().equals(s) || e.name().equalsIgnoreCase(s)) return e;
        throw new IllegalArgumentException("unknown " + what + " " + s + " (expected "
                + Arrays.stream(type.getEnumConstants()).map(Wire::wire).collect(Collectors.joining(" or ")) + ")");
    }
}
