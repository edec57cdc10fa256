package dev.drover.engine.report;

import java.time.Duration;

/** A line of the pre- or post-load section: {@code attempted} statements, {@code failed} of them. */
public record PhaseReport(String label, long attempted, long failed, Duration time, String failure) {
}
