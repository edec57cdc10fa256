package dev.drover.engine.pgloader;

import java.util.List;

/**
 * {@code LOAD DATABASE} (reference §7.1). Lists are empty and single clauses null when absent; which clauses a source
 * accepts (§7.2) is checked by the parser.
 */
public record LoadDatabase(Position position, DatabaseSource source, Target target, List<Option> options,
                           List<SetParameter> parameters, List<SetParameter> mysqlParameters,
                           List<SetParameter> mssqlParameters, List<CastClause> casts, MaterializeViews materialize,
                           List<TableFilter> including, List<TableFilter> excluding, List<Decoding> decoding,
                           List<AlterTable> alterTables, AlterSchema alterSchema, List<Distribute> distribute,
                           SqlBlock beforeLoad, SqlBlock afterCreateSchema, SqlBlock afterLoad) implements Command {
    public LoadDatabase {
        options = List.copyOf(options);
        parameters = List.copyOf(parameters);
        mysqlParameters = List.copyOf(mysqlParameters);
        mssqlParameters = List.copyOf(mssqlParameters);
        casts = List.copyOf(casts);
        including = List.copyOf(including);
        excluding = List.copyOf(excluding);
        decoding = List.copyOf(decoding);
        alterTables = List.copyOf(alterTables);
        distribute = List.copyOf(distribute);
    }
}
