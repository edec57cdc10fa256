package dev.drover.engine.pgloader;

import java.util.List;

/** One command of a command file, ended by {@code ;}. The clauses every command has are here. */
public sealed interface Command permits FileCommand, LoadDatabase {
    /** Where the command's {@code LOAD} keyword is. */
    Position position();

    Target target();

    /** The {@code WITH} options after {@code INTO}, in order. */
    List<Option> options();

    /** {@code SET [PostgreSQL PARAMETERS]}: settings for every target connection. */
    List<SetParameter> parameters();

    /** {@code BEFORE LOAD}, or null. */
    SqlBlock beforeLoad();

    /** {@code AFTER LOAD}, or null. */
    SqlBlock afterLoad();

    /** The option of that name (as {@link Option#name()} spells it), or null. */
    default Option option(String name) {
        return options().stream().filter(o -> o.name().equals(name)).findFirst().orElse(null);
    }
}
