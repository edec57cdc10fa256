package dev.drover.engine.cli;

import dev.drover.engine.pgloader.CommandFile;
import dev.drover.engine.pgloader.Commands;
import dev.drover.engine.pgloader.IniContext;
import dev.drover.engine.pgloader.Position;
import dev.drover.engine.pgloader.Warning;
import dev.drover.engine.plan.Plan;
import dev.drover.engine.plan.PlanYaml;
import dev.drover.engine.plan.TargetSpec;
import dev.drover.engine.report.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * pgloader command files on the command line: {@code drover run FILE.load} runs each command in file order, and
 * {@code drover convert FILE.load} prints the Drover plans they become.
 */
final class PgloaderFiles {
    private PgloaderFiles() {}

    /** A {@code .load} file, or a file that starts like one (pgloader's own extension is only a habit). */
    static boolean isCommandFile(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".load");
    }

    static Commands.Translation translate(DroverCli cli, Path file, Path context, Path inlineDir, boolean readSources) throws IOException {
        java.util.Map<String, String> values = cli.env;
        if (context != null) {
            try {
                values = IniContext.over(IniContext.read(context), cli.env);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new UsageException("--context " + context + ": no such file", null);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--context " + e.getMessage(), null);
            }
        }
        CommandFile parsed = CommandFile.read(file, values);
        Path dir = file.toAbsolutePath().getParent();
        Commands.Translation t = Commands.translate(parsed, dir, inlineDir, readSources);
        for (Warning w : t.warnings()) {
            cli.err.println("drover: " + file + ":" + w.position().line() + ":" + w.position().column() + ": warning: " + w.message());
        }
        return t;
    }

    /**
     * Runs the commands one after the other, as pgloader does; a command that fails stops the file there (pgloader
     * goes on and exits 0, which hides the failure), and the exit code is the worst of the commands run.
     */
    static int run(DroverCli cli, Path file, Path context, DroverCli.RunOptions ro) throws IOException {
        Path inline = java.nio.file.Files.createTempDirectory("drover-inline");
        try {
            Commands.Translation t;
            try {
                t = translate(cli, file, context, inline, true);
            } catch (Commands.SourceUnreadable e) {
                cli.err.println("drover: error: " + e.getMessage());
                return Outcome.CONNECTION_FAILED.exitCode();
            }
            int worst = 0;
            for (int i = 0; i < t.plans().size(); i++) {
                Plan p = t.plans().get(i);
                TargetSpec target = ro.passwordEnv == null ? p.target() : new TargetSpec(p.target().url(), ro.passwordEnv);
                p = new Plan(p.version(), target, DroverCli.withRunOptions(p.options(), ro), p.tables(), p.database());
                if (t.plans().size() > 1 && !ro.quiet) cli.err.println("drover: command " + (i + 1) + " of " + t.plans().size() + where(file, t, i));
                int code = cli.load(p, t.passwords().get(i), ro);
                if (code != Outcome.SUCCESS.exitCode() && code != Outcome.COMPLETED_WITH_REJECTS.exitCode()) {
                    if (i + 1 < t.plans().size()) {
                        cli.err.println("drover: error: command " + (i + 1) + where(file, t, i) + " failed; the "
                                + (t.plans().size() - i - 1) + " command(s) after it were not run");
                    }
                    return code;
                }
                worst = Math.max(worst, code);
            }
            return worst;
        } finally {
            deleteTree(inline);
        }
    }

    private static String where(Path file, Commands.Translation t, int i) {
        Position p = i < t.positions().size() ? t.positions().get(i) : null;
        return p == null ? "" : " (" + file.getFileName() + " line " + p.line() + ")";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir)) return;
        try (var walk = java.nio.file.Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.deleteIfExists(p);
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true, versionProvider = DroverCli.Version.class,
            description = {"Print the Drover plan of each command of a pgloader command file (YAML documents separated by ---).",
                    "Save one as plan.yaml and 'drover run plan.yaml' does what the command does."})
    static final class Convert implements Callable<Integer> {
        @ParentCommand
        DroverCli cli;

        @Parameters(index = "0", paramLabel = "FILE.load")
        Path file;

        @Option(names = "--inline-dir", paramLabel = "DIR",
                description = "Where the data of FROM inline commands is written for the plans to read (default: beside FILE.load).")
        Path inlineDir;

        @Option(names = {"-C", "--context"}, paramLabel = "FILE.ini",
                description = "Values for the file's {{VARIABLES}}, looked up before the environment (pgloader's --context).")
        Path context;

        @Override
        public Integer call() throws IOException {
            Path dir = inlineDir != null ? inlineDir : file.toAbsolutePath().getParent();
            java.nio.file.Files.createDirectories(dir);
            Commands.Translation t;
            try {
                t = translate(cli, file, context, dir, true);
            } catch (Commands.SourceUnreadable e) {
                // without the source, renames by pattern stay unexpanded: say so, and convert what can be
                cli.err.println("drover: warning: " + e.getMessage() + "; renames by pattern are left out of the plan");
                t = translate(cli, file, context, dir, false);
            }
            for (int i = 0; i < t.plans().size(); i++) {
                if (i > 0) cli.out.println("---");
                Position p = t.positions().get(Math.min(i, t.positions().size() - 1));
                cli.out.println("# " + file.getFileName() + " line " + p.line() + ": command " + (i + 1) + " of " + t.plans().size());
                if (t.passwords().get(i) != null) {
                    cli.out.println("# the command's URL holds a password; it is left out: set PGPASSWORD (or password_env) to run this plan");
                }
                cli.out.print(PlanYaml.write(t.savable().get(i)));
            }
            return 0;
        }
    }

}
