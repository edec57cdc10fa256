package dev.drover.engine.pgloader;

import dev.drover.engine.cast.CastRule;

/** One rule of a CAST clause: its text as written (after templating), the parsed rule, and where it starts. */
public record CastClause(String text, CastRule rule, Position position) {}
