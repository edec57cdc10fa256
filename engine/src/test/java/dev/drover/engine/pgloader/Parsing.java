package dev.drover.engine.pgloader;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

/** Shared helpers: parse a text as {@code t.load}, or the message of the error it raises. */
final class Parsing {
    private Parsing() {}

    static CommandFile parse(String text) {
        return CommandFile.parse("t.load", text, Map.of());
    }

    static Command only(String text) {
        CommandFile f = parse(text);
        if (f.commands().size() != 1) throw new AssertionError("expected one command, got " + f.commands());
        return f.commands().get(0);
    }

    static String error(String text) {
        return error(text, Map.of());
    }

    static String error(String text, Map<String, String> env) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> CommandFile.parse("t.load", text, env)).isInstanceOfSatisfying(CommandFileException.class, e -> caught[0] = e);
        return caught[0].getMessage();
    }
}
