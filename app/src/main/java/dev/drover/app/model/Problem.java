package dev.drover.app.model;

/**
 * What is wrong with one field, in words for the user; shown under the field.
 *
 * @param blocking false for a warning the user may go past (an unset environment variable the plan may
 *                 still find where it runs), true when Next must stop on the field
 */
public record Problem(Field field, String message, boolean blocking) {
    public static Problem error(Field field, String message) {
        return new Problem(field, message, true);
    }

    public static Problem warning(Field field, String message) {
        return new Problem(field, message, false);
    }
}
