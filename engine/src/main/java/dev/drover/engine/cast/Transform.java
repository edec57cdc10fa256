package dev.drover.engine.cast;

/**
 * Turns a value read from a source (null, Long, Integer, Double, BigDecimal, String, byte[], Boolean,
 * java.time values...) into what the COPY encoder takes: null, a {@link CharSequence} in PostgreSQL's
 * input syntax for the target type, or byte[] for bytea.
 */
@FunctionalInterface
public interface Transform {
    /** @throws TransformException when the value cannot be converted: the row is rejected with its message */
    Object apply(Object value) throws TransformException;

    /** A value the transform cannot convert; the message names the value and the fix. */
    final class TransformException extends Exception {
        public TransformException(String message) {
            super(message, null, false, false);
        }
    }
}
