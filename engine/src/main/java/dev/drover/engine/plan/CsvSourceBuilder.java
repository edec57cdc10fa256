package dev.drover.engine.plan;

import java.util.ArrayList;
import java.util.List;

/** A mutable draft of a {@link CsvSource}, for readers that set options one at a time. */
public final class CsvSourceBuilder {
    public List<String> files;
    public String encoding;
    public char delimiter;
    public Character quote;
    public Character escape;
    public boolean header;
    public int skipLines;
    public List<String> nullMarkers;
    public boolean trimBlanks;
    public CsvSource.FieldCountPolicy extraFields;
    public CsvSource.FieldCountPolicy missingFields;
    /** Fixed-width fields; empty for a delimited file. */
    public List<FixedField> fixed;
    /** CSV, or PostgreSQL COPY text. */
    public CsvSource.Format format;
    public CsvSource.EscapeMode escapeMode;
    /** Null for LF, CRLF or CR. */
    public Character lineTerminator;
    public boolean guessDelimiter;

    public CsvSourceBuilder(CsvSource s) {
        files = new ArrayList<>(s.files());
        encoding = s.encoding();
        delimiter = s.delimiter();
        quote = s.quote();
        escape = s.escape();
        header = s.header();
        skipLines = s.skipLines();
        nullMarkers = new ArrayList<>(s.nullMarkers());
        trimBlanks = s.trimBlanks();
        extraFields = s.extraFields();
        missingFields = s.missingFields();
        fixed = new ArrayList<>(s.fixed());
        format = s.format();
        escapeMode = s.escapeMode();
        lineTerminator = s.lineTerminator();
        guessDelimiter = s.guessDelimiter();
    }

    public static CsvSourceBuilder defaults(List<String> files) {
        return new CsvSourceBuilder(CsvSource.defaults(files));
    }

    public CsvSource build() {
        return new CsvSource(files, encoding, delimiter, quote, escape, header, skipLines, nullMarkers, trimBlanks,
                extraFields, missingFields, fixed, format, escapeMode, lineTerminator,
                guessDelimiter);
    }
}
