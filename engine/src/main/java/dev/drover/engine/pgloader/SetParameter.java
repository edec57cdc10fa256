package dev.drover.engine.pgloader;

/** {@code name to 'value'} or {@code name = 'value'} of a SET clause; the value as written between the quotes. */
public record SetParameter(String name, String value, Position position) {}
