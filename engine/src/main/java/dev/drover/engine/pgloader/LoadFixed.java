package dev.drover.engine.pgloader;

import java.util.List;

/** {@code LOAD FIXED} (reference §5.1). Optional clauses are null or empty when absent. */
public record LoadFixed(Position position, FileSource source, String encoding, List<Field> fields, Target target,
                      List<Column> columns, List<Option> options, List<SetParameter> parameters, SqlBlock beforeLoad,
                      SqlBlock afterLoad, InlineData inlineData) implements FileCommand {
    public LoadFixed {
        fields = List.copyOf(fields);
        columns = List.copyOf(columns);
        options = List.copyOf(options);
        parameters = List.copyOf(parameters);
    }
}
