package dev.drover.engine.pgloader;

/**
 * Something pgloader accepts silently that may not be what the user meant (an undefined template variable rendered
 * empty, a value changed by HTML escaping, a missing final {@code ;}); parsing goes on.
 */
public record Warning(Position position, String message) {
    @Override
    public String toString() {
        return position + ": " + message;
    }
}
