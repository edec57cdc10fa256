package dev.drover.engine.pgloader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed pgloader command file ({@code .load}): its commands in file order, and the warnings about things pgloader
 * accepts silently. Parsing follows pgloader v3's grammar (the reference's §1–§10) and accepts v4's additions where
 * they cannot change what a v3 file means; every error is a {@link CommandFileException} naming line and column.
 */
public record CommandFile(String file, List<Command> commands, List<Warning> warnings) {
    public CommandFile {
        commands = List.copyOf(commands);
        warnings = List.copyOf(warnings);
    }

    /** What an undefined {@code {{VAR}}} does. */
    public enum UndefinedVariables {
        /** Renders as the empty string with a warning, as pgloader does. */
        EMPTY,
        /** Is an error naming the variable. */
        ERROR
    }

    /**
     * Parses a command file's text.
     *
     * @param file        the name used in messages ({@code shop.load})
     * @param environment the template variables (pgloader looks in its {@code --context} file first, then the process
     *                    environment: pass them merged in that order)
     * @throws CommandFileException for the first problem, with its line and column
     */
    public static CommandFile parse(String file, String text, Map<String, String> environment) {
        return parse(file, text, environment, UndefinedVariables.EMPTY);
    }

    public static CommandFile parse(String file, String text, Map<String, String> environment, UndefinedVariables undefined) {
        // a byte order mark is not part of the text: dropping it keeps columns as editors show them
        SourceText source = new SourceText(file, text.startsWith("\uFEFF") ? text.substring(1) : text);
        Template.Rendered rendered = Template.render(source, environment, undefined == UndefinedVariables.ERROR);
        return new CommandParser(source, rendered).commandFile();
    }

    /** Reads a command file as UTF-8 and parses it; messages name the file as given. */
    public static CommandFile read(Path path, Map<String, String> environment) throws IOException {
        return parse(path.toString(), Files.readString(path, StandardCharsets.UTF_8), environment);
    }
}
