package dev.drover.engine.copy;

/**
 * Encoded tuples of one table, ready to send, plus what a reject needs to name each row: the
 * source line, the file, and the record's original bytes. Pooled and reused, so retrying any subset
 * of rows costs no re-reading and no re-encoding (copy-performance.md §7.1).
 */
public final class Batch {
    /** Tuples only: the binary header and trailer are added around each range sent. */
    public final CopyBuffer data;
    /** Original source bytes of every row, end to end. */
    public final CopyBuffer original;
    private int[] rowEnd;
    private int[] originalEnd;
    private long[] line;
    private int[] file;
    private int rows;
    private long sequence;
    private String copySql;
    private boolean binary;

    public Batch(int maxRows, int initialBytes) {
        data = new CopyBuffer(initialBytes);
        original = new CopyBuffer(initialBytes);
        rowEnd = new int[maxRows];
        originalEnd = new int[maxRows];
        line = new long[maxRows];
        file = new int[maxRows];
    }

    /**
     * Empties the batch for reuse. Each batch carries its own COPY statement and format, because a table can
     * switch from binary to text in the middle of a load and a batch must be sent as it was encoded.
     */
    public void clear(long sequence, String copySql, boolean binary) {
        data.pos = 0;
        original.pos = 0;
        rows = 0;
        this.sequence = sequence;
        this.copySql = copySql;
        this.binary = binary;
    }

    public String copySql() { return copySql; }
    public boolean binary() { return binary; }

    /** Closes the row whose tuple was just encoded at the end of {@link #data}. */
    public void endRow(long sourceLine, int fileIndex) {
        if (rows == rowEnd.length) grow();
        rowEnd[rows] = data.pos;
        originalEnd[rows] = original.pos;
        line[rows] = sourceLine;
        file[rows] = fileIndex;
        rows++;
    }

    private void grow() {
        int n = rows * 2;
        rowEnd = java.util.Arrays.copyOf(rowEnd, n);
        originalEnd = java.util.Arrays.copyOf(originalEnd, n);
        line = java.util.Arrays.copyOf(line, n);
        file = java.util.Arrays.copyOf(file, n);
    }

    public int rows() { return rows; }
    public int start(int row) { return row == 0 ? 0 : rowEnd[row - 1]; }
    public int end(int row) { return rowEnd[row]; }
    public long line(int row) { return line[row]; }
    public int file(int row) { return file[row]; }
    public long sequence() { return sequence; }

    public byte[] original(int row) {
        int from = row == 0 ? 0 : originalEnd[row - 1];
        return java.util.Arrays.copyOfRange(original.buf, from, originalEnd[row]);
    }

    /** Bytes held, for the batch-size limit. */
    public long bytes() {
        return (long) data.pos + original.pos;
    }
}
