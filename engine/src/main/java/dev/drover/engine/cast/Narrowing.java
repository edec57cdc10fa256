package dev.drover.engine.cast;

import dev.drover.engine.cast.Capacity.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Says, before anything moves, which source values a cast cannot carry: rejected (out of range, too long, not
 * parsable) or changed (rounded, truncated). pgloader leaves users to find these in the reject files.
 */
final class Narrowing {
    private Narrowing() {}

    static List<String> warnings(String sourceType, Capacity from, String targetType, Capacity to) {
        List<String> w = new ArrayList<>();
        String cast = sourceType + " → " + targetType + ": ";
        switch (to.kind()) {
            case INTEGER -> {
                switch (from.kind()) {
                    case INTEGER -> {
                        if (from.bits() > to.bits()) w.add(cast + "values outside " + targetType + "'s range are rejected");
                    }
                    case EXACT -> {
                        if (from.precision() == null || from.scale() > 0) w.add(cast + "values with a fraction are rejected");
                        if (from.precision() == null || from.precision() - from.scale() > Capacity.digits(to.bits())) {
                            w.add(cast + "values outside " + targetType + "'s range are rejected");
                        }
                    }
                    case FLOAT -> w.add(cast + "values with a fraction or outside " + targetType + "'s range are rejected");
                    default -> notParsed(w, cast, from, targetType);
                }
            }
            case EXACT -> {
                if (to.precision() == null) {
                    notParsed(w, cast, from, targetType);
                    break;
                }
                int intDigits = to.precision() - to.scale();
                switch (from.kind()) {
                    case INTEGER -> {
                        if (Capacity.digits(from.bits()) > intDigits) w.add(cast + "values above " + intDigits + " digits are rejected");
                    }
                    case EXACT -> {
                        if (from.precision() == null || from.precision() - from.scale() > intDigits) {
                            w.add(cast + "values above " + intDigits + " integer digits are rejected");
                        }
                        if (from.precision() == null || from.scale() > to.scale()) {
                            w.add(cast + "values are rounded to " + to.scale() + " decimal places");
                        }
                    }
                    case FLOAT -> w.add(cast + "values are rounded to " + to.scale() + " decimal places; values above "
                            + intDigits + " integer digits are rejected");
                    default -> notParsed(w, cast, from, targetType);
                }
            }
            case FLOAT -> {
                switch (from.kind()) {
                    case INTEGER -> {
                        if (from.bits() > to.bits() + 1) w.add(cast + "integers above 2^" + to.bits() + " lose precision");
                    }
                    case EXACT -> w.add(cast + "exact decimals become approximate (about "
                            + (to.bits() == 24 ? 6 : 15) + " significant digits)");
                    case FLOAT -> {
                        if (from.bits() > to.bits()) w.add(cast + "values are rounded to about 6 significant digits");
                    }
                    default -> notParsed(w, cast, from, targetType);
                }
            }
            case TEXT -> {
                if (to.precision() != null && (from.kind() == Kind.TEXT || from.kind() == Kind.OTHER)
                        && (from.precision() == null || from.precision() > to.precision())) {
                    w.add(cast + "values longer than " + to.precision() + " characters are rejected");
                }
                if (from.kind() == Kind.BINARY) w.add(cast + "bytes that are not valid text are rejected");
            }
            case BOOLEAN -> {
                if (from.kind() != Kind.BOOLEAN && from.kind() != Kind.OTHER) {
                    w.add(cast + "only two values survive: check the data holds nothing but true/false or 0/1");
                }
            }
            case DATE -> {
                if (from.kind() == Kind.TIMESTAMP) w.add(cast + "the time of day is dropped");
                else if (from.kind() != Kind.DATE) notParsed(w, cast, from, targetType);
            }
            case TIME, TIMESTAMP -> {
                if (from.kind() != Kind.TIME && from.kind() != Kind.TIMESTAMP && from.kind() != Kind.DATE) {
                    notParsed(w, cast, from, targetType);
                }
            }
            default -> { }
        }
        return w;
    }

    private static void notParsed(List<String> w, String cast, Capacity from, String targetType) {
        if (from.kind() == Kind.TEXT || from.kind() == Kind.BINARY) {
            w.add(cast + "values that do not read as " + targetType + " are rejected");
        }
    }
}
