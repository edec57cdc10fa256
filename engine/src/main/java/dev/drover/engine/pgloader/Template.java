package dev.drover.engine.pgloader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * pgloader renders the whole command file as a Mustache template before parsing (reference §1.7), so a variable may
 * produce any part of the syntax. Every character of the output remembers the raw offset it came from (a variable's
 * value: its tag), so that parse errors point at what the user wrote.
 */
final class Template {
    /** The text to parse; {@code rawOffsets[i]} is where output character i came from, with one extra entry for the end. */
    record Rendered(String text, int[] rawOffsets, List<Warning> warnings) {}

    private sealed interface Node {}

    private record Text(int start, int end) implements Node {}

    private record Variable(String name, boolean escaped, int tag) implements Node {}

    private record Section(String name, boolean inverted, List<Node> body, int tag) implements Node {}

    private final SourceText source;
    private final Map<String, String> environment;
    private final boolean strict;
    private final List<Warning> warnings = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private int[] offsets = new int[256];

    private Template(SourceText source, Map<String, String> environment, boolean strict) {
        this.source = source;
        this.environment = environment;
        this.strict = strict;
    }

    /**
     * @param strict an undefined variable is an error; otherwise it renders empty as in pgloader, with a warning
     */
    static Rendered render(SourceText source, Map<String, String> environment, boolean strict) {
        Template t = new Template(source, environment, strict);
        List<Node> nodes = t.parse();
        t.emit(nodes);
        t.offsets = java.util.Arrays.copyOf(t.offsets, t.out.length() + 1);
        t.offsets[t.out.length()] = source.raw.length();
        return new Rendered(t.out.toString(), t.offsets, List.copyOf(t.warnings));
    }

    private List<Node> parse() {
        String raw = source.raw;
        List<List<Node>> stack = new ArrayList<>();
        List<Section> open = new ArrayList<>();
        List<Node> current = new ArrayList<>();
        int i = 0;
        while (i < raw.length()) {
            int tag = raw.indexOf("{{", i);
            if (tag < 0) {
                current.add(new Text(i, raw.length()));
                break;
            }
            if (tag > i) current.add(new Text(i, tag));
            boolean triple = raw.startsWith("{{{", tag);
            String close = triple ? "}}}" : "}}";
            int contentStart = tag + (triple ? 3 : 2);
            int end = raw.indexOf(close, contentStart);
            if (end < 0) throw source.error(tag, "template tag '" + excerpt(raw, tag) + "' is not closed with '" + close + "'");
            String content = raw.substring(contentStart, end).strip();
            i = end + close.length();
            if (triple) {
                current.add(new Variable(name(content, tag), false, tag));
                continue;
            }
            char kind = content.isEmpty() ? ' ' : content.charAt(0);
            String rest = content.isEmpty() ? "" : content.substring(1).strip();
            switch (kind) {
                case '!' -> { } // a comment renders nothing
                case '&' -> current.add(new Variable(name(rest, tag), false, tag));
                case '#', '^' -> {
                    Section s = new Section(name(rest, tag), kind == '^', new ArrayList<>(), tag);
                    current.add(s);
                    stack.add(current);
                    open.add(s);
                    current = s.body();
                }
                case '/' -> {
                    if (open.isEmpty()) throw source.error(tag, "template section end {{/" + rest + "}} has no matching {{#" + rest + "}}");
                    Section s = open.remove(open.size() - 1);
                    if (!s.name().equals(rest)) {
                        throw source.error(tag, "template section end {{/" + rest + "}} does not match {{#" + s.name()
                                + "}} opened at " + source.position(s.tag()));
                    }
                    current = stack.remove(stack.size() - 1);
                }
                case '>' -> throw source.error(tag, "template partials ({{> " + rest + "}}) are not supported: Drover renders one file");
                case '=' -> throw source.error(tag, "changing the template delimiters ({{=...=}}) is not supported");
                default -> current.add(new Variable(name(content, tag), true, tag));
            }
        }
        if (!open.isEmpty()) {
            Section s = open.get(open.size() - 1);
            throw source.error(s.tag(), "template section {{" + (s.inverted() ? "^" : "#") + s.name() + "}} is never closed with {{/" + s.name() + "}}");
        }
        return current;
    }

    private String name(String content, int tag) {
        if (!content.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw source.error(tag, "template variable name '" + content + "' is not a name (letters, digits, '_', '.', '-')");
        }
        return content;
    }

    private void emit(List<Node> nodes) {
        for (Node n : nodes) {
            if (n instanceof Text t) {
                for (int k = t.start(); k < t.end(); k++) append(source.raw.charAt(k), k);
            } else if (n instanceof Variable v) {
                String value = lookup(v.name(), v.tag());
                if (value == null) continue;
                String shown = v.escaped() ? escape(value) : value;
                if (!shown.equals(value)) {
                    warnings.add(new Warning(source.position(v.tag()), "{{" + v.name() + "}} is HTML-escaped as pgloader does ("
                            + "&, <, >, \" become entities); write {{{" + v.name() + "}}} to insert the value unchanged"));
                }
                for (int k = 0; k < shown.length(); k++) append(shown.charAt(k), v.tag());
            } else if (n instanceof Section sec) {
                // an undefined or empty variable is false, as environment variables have no other falsy value
                String value = environment.get(sec.name());
                boolean truthy = value != null && !value.isEmpty();
                if (truthy != sec.inverted()) emit(sec.body());
            }
        }
    }

    private String lookup(String name, int tag) {
        String value = environment.get(name);
        if (value != null) return value;
        String problem = "template variable {{" + name + "}} is not defined";
        if (strict) throw source.error(tag, problem);
        warnings.add(new Warning(source.position(tag), problem + "; it renders as an empty string, as in pgloader"));
        return null;
    }

    private static String escape(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private void append(char c, int rawOffset) {
        if (out.length() == offsets.length) offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
        offsets[out.length()] = rawOffset;
        out.append(c);
    }

    static String excerpt(String s, int at) {
        int end = Math.min(s.length(), at + 20);
        int nl = s.indexOf('\n', at);
        if (nl >= 0 && nl < end) end = nl;
        return s.substring(at, end) + (end < s.length() && s.charAt(end) != '\n' ? "…" : "");
    }
}
