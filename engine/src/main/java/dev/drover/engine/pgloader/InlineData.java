package dev.drover.engine.pgloader;

/**
 * The data of a {@code FROM inline} command: the raw file text (not templated, as pgloader reads it) after the
 * {@code ;} and the whitespace and comments that follow it, to the end of the file. {@code position} is where it starts.
 */
public record InlineData(String text, Position position) {}
