package dev.drover.engine.pgloader;

/** {@code ALTER SCHEMA 'from' RENAME TO 'to'}. */
public record AlterSchema(String from, String to, Position position) {}
