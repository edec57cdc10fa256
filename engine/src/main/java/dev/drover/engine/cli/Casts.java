package dev.drover.engine.cli;

import dev.drover.engine.cast.CastRule;
import dev.drover.engine.cast.CastRuleSyntax;
import java.util.ArrayList;
import java.util.List;

/** {@code --cast} rules from the command line, numbered as the user wrote them. */
final class Casts {
    private Casts() {}

    static List<CastRule> parse(List<String> rules) {
        List<CastRule> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            try {
                out.add(CastRuleSyntax.parse(rules.get(i), "user rule " + (i + 1)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--cast '" + rules.get(i) + "': " + e.getMessage(),
                        "e.g. --cast 'type int to bigint' or --cast 'column orders.total to numeric(12,2)'");
            }
        }
        return out;
    }
}
