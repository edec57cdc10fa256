package dev.drover.engine.pgloader;

import java.util.List;

/** {@code MATERIALIZE ALL VIEWS} ({@code all}, no views) or {@code MATERIALIZE VIEWS v, w AS $$select$$}. */
public record MaterializeViews(boolean all, List<View> views, Position position) {
    public MaterializeViews {
        views = List.copyOf(views);
    }

    /** A view name ({@code name} or {@code schema.name}, quotes kept) and, for {@code AS $$...$$}, its query (else null). */
    public record View(String name, String sql, Position position) {}
}
