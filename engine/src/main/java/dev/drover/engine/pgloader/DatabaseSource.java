package dev.drover.engine.pgloader;

/** The FROM of LOAD DATABASE: the connection string as written and the kind of database it names. */
public record DatabaseSource(Kind kind, String uri, Position position) {
    public enum Kind {
        MYSQL("MySQL"), SQLITE("SQLite"), MSSQL("SQL Server"), POSTGRESQL("PostgreSQL");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
