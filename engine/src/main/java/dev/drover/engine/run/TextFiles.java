package dev.drover.engine.run;

import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.source.copytext.CopyTextReader;
import dev.drover.engine.source.csv.CsvReader;
import dev.drover.engine.source.csv.SourceFile;
import dev.drover.engine.source.csv.TextRecordReader;
import dev.drover.engine.source.fixed.FixedReader;
import java.io.IOException;
import java.io.InputStream;

/** The reader for a text source's kind: fixed-width when it lists fields, COPY text, else CSV. */
public final class TextFiles {
    private TextFiles() {}

    public static TextRecordReader open(CsvSource source, SourceFile file) throws IOException {
        if (source.isFixed()) return FixedReader.open(source, file);
        return source.isCopyText() ? CopyTextReader.open(source, file) : CsvReader.open(source, file);
    }

    static TextRecordReader open(CsvSource source, InputStream in, String displayName) throws IOException {
        if (source.isFixed()) return FixedReader.open(source, in, displayName);
        return source.isCopyText() ? CopyTextReader.open(source, in, displayName) : CsvReader.open(source, in, displayName);
    }
}
