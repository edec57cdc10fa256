package dev.drover.engine.pgloader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A command's {@code SET} clause (PostgreSQL parameters) as the plan's session settings, with pgloader's one exception
 * (reference §2.1): every target connection speaks UTF-8, so a {@code client_encoding} is replaced, with a warning.
 */
final class SessionSettings {
    private SessionSettings() {}

    static Map<String, String> of(List<SetParameter> parameters, List<Warning> warnings) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SetParameter p : parameters) {
            if (p.name().toLowerCase(Locale.ROOT).equals("client_encoding")) {
                warnings.add(new Warning(p.position(), "SET client_encoding to '" + p.value() + "' is ignored: Drover, as"
                        + " pgloader, talks UTF-8 to PostgreSQL; the file's encoding is WITH ENCODING"));
                continue;
            }
            out.put(p.name(), p.value());
        }
        return out;
    }
}
