package dev.drover.engine.source.csv;

import dev.drover.engine.copy.CopyBuffer;
import java.io.IOException;
import java.util.List;

/**
 * What the file loader reads a text file through, record by record: a delimited file ({@link CsvReader}) or a
 * fixed-width one ({@code source.fixed.FixedReader}). Each record keeps its original bytes and the physical line
 * where it starts; a record that cannot be read has a {@link #problem()} and no fields, and reading goes on.
 */
public interface TextRecordReader extends AutoCloseable {
    /** Advances to the next record; false at end of input. Bad data never throws: see {@link #problem()}. */
    boolean next() throws IOException;

    /** Number of fields of the current record (0 for a record with a problem). */
    int size();

    /** Field {@code i} (0-based), or null for SQL NULL. */
    String get(int i);

    /** The 1-based physical line where the current record starts. */
    long line();

    /** Null for a good record. */
    CsvProblem problem();

    /** Field names (empty when the source names none). */
    List<String> header();

    /** Why the header could not be read (then {@link #header()} is empty), or null. */
    CsvProblem headerProblem();

    /** Makes the following records append their values to {@code sink} (null: the reader's own buffer). */
    void valuesInto(CopyBuffer sink);

    /**
     * The current record's values as valid UTF-8 without NUL in {@code out}: field {@code i} starts at
     * {@code starts[at + i]}, its length (-1 for NULL) is {@code lengths[at + i]}.
     */
    void copyValues(CopyBuffer out, int[] starts, int[] lengths, int at);

    /** Appends the record's original bytes, line terminator included, to {@code out}. */
    void copyOriginal(CopyBuffer out);

    /** Source bytes consumed so far. */
    long bytesRead();

    @Override
    void close() throws IOException;
}
