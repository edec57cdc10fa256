package dev.drover.engine.pgloader;

import dev.drover.engine.plan.Plan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole command file as Drover plans: each command, in file order, through {@link FileCommands} (CSV, FIXED, COPY)
 * or {@link DatabaseCommands} (DATABASE). What {@code drover run FILE.load} runs and {@code drover convert} prints.
 */
public final class Commands {
    private Commands() {}

    /**
     * One plan per command.
     *
     * @param plans     what runs (a database source's URL may still hold its password)
     * @param savable   the same plans without any password, for {@code drover convert} and the wizard
     * @param positions where each command starts, for messages about the one that failed
     * @param passwords per plan, the target password the command's URL held (kept out of the plan), or null
     */
    public record Translation(List<Plan> plans, List<Plan> savable, List<Position> positions, List<String> passwords,
                              List<Warning> warnings) {
        public Translation {
            plans = List.copyOf(plans);
            savable = List.copyOf(savable);
            positions = List.copyOf(positions);
            passwords = java.util.Collections.unmodifiableList(new ArrayList<>(passwords));
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * @param baseDir   the command file's directory: relative paths in it are read from there
     * @param inlineDir where inline data is written as files the plans read
     * @throws CommandFileException naming the line and column of what cannot be translated
     */
    public static Translation translate(CommandFile file, Path baseDir, Path inlineDir) {
        return translate(file, baseDir, inlineDir, false);
    }

    /**
     * As {@link #translate(CommandFile, Path, Path)}; with {@code readSources}, a database source is asked for its
     * table names, so that renames by regular expression become one rename per table.
     *
     * @throws java.io.UncheckedIOException never; a source that cannot be read throws {@link SourceUnreadable}
     */
    public static Translation translate(CommandFile file, Path baseDir, Path inlineDir, boolean readSources) {
        List<Plan> plans = new ArrayList<>();
        List<Plan> savable = new ArrayList<>();
        List<Position> positions = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>(file.warnings());
        for (Command c : file.commands()) {
            positions.add(c.position());
            if (c instanceof LoadDatabase d) {
                DatabaseCommands.Translation t;
                try {
                    t = readSources ? DatabaseCommands.translateReadingSource(file.file(), d, baseDir)
                            : DatabaseCommands.translate(file.file(), d, baseDir);
                } catch (java.sql.SQLException e) {
                    throw new SourceUnreadable(file.file() + ":" + d.position().line() + ": cannot read the source: " + e.getMessage(), e);
                }
                plans.add(t.plan());
                savable.add(t.savablePlan());
                passwords.add(t.targetPassword());
                warnings.addAll(t.warnings());
            } else {
                FileCommands.Translation t = FileCommands.toPlans(new CommandFile(file.file(), List.of(c), List.of()), baseDir, inlineDir);
                plans.addAll(t.plans());
                savable.addAll(t.plans());
                passwords.addAll(t.passwords());
                warnings.addAll(t.warnings());
            }
        }
        return new Translation(plans, savable, positions, passwords, warnings);
    }

    /** A database source could not be read while translating (it is needed to expand renames by pattern). */
    public static final class SourceUnreadable extends RuntimeException {
        public SourceUnreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
