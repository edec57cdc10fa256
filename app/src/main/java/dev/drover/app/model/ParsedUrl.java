package dev.drover.app.model;

import dev.drover.engine.pg.PgTarget;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A source or target URL of a saved plan read back into form fields. Only what the forms show is kept; a URL the
 * forms cannot show is refused with the reason.
 *
 * @param instance SQL Server named instance, or null
 * @param port     -1 when the URL has none
 * @param tls      the form's TLS choice ({@link SourceKind#tlsModes()}), or null for the default
 * @param file     SQLite file, or null
 */
record ParsedUrl(SourceKind kind, String host, int port, String instance, String database, String user, String tls,
                 Path file) {

    static ParsedUrl parse(String url) {
        String t = url.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sqlite:")) {
            String p = t.substring("sqlite:".length());
            if (p.startsWith("//")) p = p.substring(2);
            return new ParsedUrl(SourceKind.SQLITE, null, -1, null, null, null, null, Path.of(p).toAbsolutePath());
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            PgTarget p = PgTarget.parse(t, Map.of());
            return new ParsedUrl(SourceKind.POSTGRES, p.host(), p.port(), null, p.database(), p.user(), p.sslMode(), null);
        }
        if (lower.startsWith("mysql://") || lower.startsWith("mariadb://")) {
            java.net.URI u = java.net.URI.create(t);
            String user = u.getRawUserInfo() == null ? null : Urls.decode(u.getRawUserInfo().split(":", 2)[0]);
            String db = u.getRawPath() == null || u.getRawPath().length() <= 1 ? null : Urls.decode(u.getRawPath().substring(1));
            String tls = query(u.getRawQuery(), "sslmode");
            return new ParsedUrl(SourceKind.MYSQL, u.getHost(), u.getPort(), null, db, user, tls, null);
        }
        if (lower.startsWith("sqlserver://") || lower.startsWith("mssql://")) {
            String rest = t.substring(t.indexOf("://") + 3);
            String q = null;
            int qi = rest.indexOf('?');
            if (qi >= 0) {
                q = rest.substring(qi + 1);
                rest = rest.substring(0, qi);
            }
            String user = null;
            int slash = rest.indexOf('/');
            int at = rest.lastIndexOf('@', slash < 0 ? rest.length() - 1 : slash);
            if (at >= 0) {
                user = Urls.decode(rest.substring(0, at).split(":", 2)[0]);
                rest = rest.substring(at + 1);
            }
            String[] parts = rest.split("/");
            String hostPort = parts[0];
            int port = -1;
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                port = Integer.parseInt(hostPort.substring(colon + 1));
                hostPort = hostPort.substring(0, colon);
            }
            String instance = null;
            int bs = hostPort.indexOf('\\');
            if (bs >= 0) {
                instance = hostPort.substring(bs + 1);
                hostPort = hostPort.substring(0, bs);
            }
            String db = null;
            if (parts.length == 2) db = Urls.decode(parts[1]);
            else if (parts.length == 3) {
                instance = Urls.decode(parts[1]);
                db = Urls.decode(parts[2]);
            }
            String tls = null;
            if ("true".equalsIgnoreCase(query(q, "trustServerCertificate"))) tls = SourceKind.MSSQL_TRUST;
            String enc = query(q, "encrypt");
            if ("false".equalsIgnoreCase(enc)) tls = SourceKind.MSSQL_NO_ENCRYPT;
            if ("strict".equalsIgnoreCase(enc)) tls = SourceKind.MSSQL_STRICT;
            return new ParsedUrl(SourceKind.MSSQL, Urls.decode(hostPort), port, instance, db, user, tls, null);
        }
        throw new IllegalArgumentException("the wizard cannot show the source " + t);
    }

    private static String query(String rawQuery, String key) {
        if (rawQuery == null) return null;
        for (String kv : rawQuery.split("&")) {
            String[] p = kv.split("=", 2);
            if (p[0].equalsIgnoreCase(key)) return p.length > 1 ? Urls.decode(p[1]) : "";
        }
        return null;
    }
}
