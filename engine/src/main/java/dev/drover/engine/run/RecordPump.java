package dev.drover.engine.run;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.source.csv.CsvProblem;
import dev.drover.engine.source.csv.TextRecordReader;
import dev.drover.engine.source.csv.SourceFile;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Parses the files of a table on its own thread and hands records over in blocks, so parsing and
 * decoding run on one core while validation and binary encoding run on another: on a 2-core
 * machine the table's reader side was the bottleneck when both shared one thread. A few blocks
 * circulate between the two threads, so memory stays bounded whatever the input size.
 */
final class RecordPump implements AutoCloseable {
    static final int BLOCK_RECORDS = 1024;
    private static final int BLOCKS = 4;

    /** Records of one file, with what a reject needs; reused. */
    static final class Block {
        /** The length of a slot whose value is in {@code typed}. */
        static final int TYPED = -2;
        int fileIndex;
        /** Set on the first block of each file (which holds no records). */
        boolean fileStart;
        List<String> header = List.of();
        CsvProblem headerProblem;
        int count;
        long bytesRead;
        /** Field values of all records as UTF-8; record k's fields are at index firstValue[k] onwards. */
        final CopyBuffer values = new CopyBuffer(1 << 17);
        int[] valueStart = new int[BLOCK_RECORDS * 8];
        /** -1 for NULL, {@link #TYPED} for a value in {@link #typed}. */
        int[] valueLength = new int[BLOCK_RECORDS * 8];
        /** Values a database read that go to the encoder as they are (Long, Double, byte[]...), not as text. */
        Object[] typed = new Object[BLOCK_RECORDS * 8];
        final int[] firstValue = new int[BLOCK_RECORDS];
        final int[] sizes = new int[BLOCK_RECORDS];
        final long[] lines = new long[BLOCK_RECORDS];
        final CsvProblem[] problems = new CsvProblem[BLOCK_RECORDS];
        final int[] originalEnd = new int[BLOCK_RECORDS];
        final CopyBuffer originals = new CopyBuffer(1 << 16);
        Exception error;

        void reset(int fileIndex) {
            this.fileIndex = fileIndex;
            fileStart = false;
            header = List.of();
            headerProblem = null;
            count = 0;
            originals.pos = 0;
            values.pos = 0;
            error = null;
        }

        int originalStart(int k) { return k == 0 ? 0 : originalEnd[k - 1]; }

        /** Opens record {@code count} with room for {@code fields} values; returns its index. */
        int beginRecord(int fields, long line, CsvProblem problem) {
            int k = count++;
            int at = k == 0 ? 0 : firstValue[k - 1] + sizes[k - 1];
            if (at + fields > valueStart.length) {
                int cap = Math.max(at + fields, valueStart.length * 2);
                valueStart = Arrays.copyOf(valueStart, cap);
                valueLength = Arrays.copyOf(valueLength, cap);
                typed = Arrays.copyOf(typed, cap);
            }
            firstValue[k] = at;
            sizes[k] = fields;
            lines[k] = line;
            problems[k] = problem;
            return k;
        }

        byte[] original(int k) {
            return Arrays.copyOfRange(originals.buf, originalStart(k), originalEnd[k]);
        }

        void copyOriginal(int k, CopyBuffer out) {
            int s = originalStart(k);
            out.putBytes(originals.buf, s, originalEnd[k] - s);
        }
    }

    private static final Block END = new Block();

    /** Fills blocks on the pump's own thread: a CSV parser, a database cursor. */
    interface Producer {
        /** Writes every record through {@code out}; returns early when {@link Out#stopping()} says so. */
        void produce(Out out) throws IOException, InterruptedException;
    }

    private final BlockingQueue<Block> free = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<Block> full = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final Thread thread;
    private final BooleanSupplier stopping;
    private volatile boolean closed;

    RecordPump(Producer producer, BooleanSupplier stopping, String name) {
        this.stopping = stopping;
        for (int i = 0; i < BLOCKS; i++) free.add(new Block());
        thread = new Thread(() -> pump(producer), "drover-parse-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The CSV files of a table, parsed on the pump's thread. */
    static RecordPump csv(CsvSource source, List<SourceFile> files, BooleanSupplier stopping, String name) {
        return new RecordPump(out -> produceCsv(source, files, out), stopping, name);
    }

    private void pump(Producer producer) {
        Out out = new Out();
        try {
            producer.produce(out);
        } catch (IOException | RuntimeException e) {
            Block err = out.block != null ? out.block : new Block();
            err.count = 0;
            err.error = e;
            putQuietly(err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        putQuietly(END);
    }

    /** A producer's handle on the blocks. */
    final class Out {
        /** The block being filled, or null. */
        Block block;

        boolean stopping() {
            return closed || stopping.getAsBoolean();
        }

        /** Another handle on the same pump, for a second producer thread (a slice of a table); it fills its own blocks. */
        Out sibling() {
            return new Out();
        }

        /** Announces source {@code index} (a file, a table) with its header; false when the pump is closing. */
        boolean startSource(int index, List<String> header, CsvProblem headerProblem) throws InterruptedException {
            Block b = take();
            if (b == null) return false;
            b.reset(index);
            b.fileStart = true;
            b.header = header;
            b.headerProblem = headerProblem;
            full.put(b);
            return true;
        }

        /** The block for the next record of source {@code index} (a fresh one when needed), or null when closing. */
        Block block(int index) throws InterruptedException {
            if (block == null) {
                block = take();
                if (block == null) return null;
                block.reset(index);
            }
            return block;
        }

        /** Hands the block over when the record just written filled it. */
        void recordDone(long bytesRead) throws InterruptedException {
            if (block.count == BLOCK_RECORDS) handOver(bytesRead);
        }

        /** Hands over what the block holds (end of a source). */
        void endSource(long bytesRead) throws InterruptedException {
            if (block != null) handOver(bytesRead);
        }

        private void handOver(long bytesRead) throws InterruptedException {
            block.bytesRead = bytesRead;
            full.put(block);
            block = null;
        }
    }

    private static void produceCsv(CsvSource source, List<SourceFile> files, Out out) throws IOException, InterruptedException {
        for (int f = 0; f < files.size() && !out.stopping(); f++) {
            try (TextRecordReader r = TextFiles.open(source, files.get(f))) {
                if (!out.startSource(f, r.header(), r.headerProblem())) return;
                while (!out.stopping()) {
                    boolean fresh = out.block == null;
                    Block b = out.block(f);
                    if (b == null) return;
                    if (fresh) r.valuesInto(b.values); // the parser writes values straight into the block
                    if (!r.next()) break;
                    int k = b.beginRecord(r.size(), r.line(), r.problem());
                    r.copyValues(b.values, b.valueStart, b.valueLength, b.firstValue[k]);
                    r.copyOriginal(b.originals);
                    b.originalEnd[k] = b.originals.pos;
                    out.recordDone(r.bytesRead());
                }
                out.endSource(r.bytesRead());
            }
        }
    }

    private Block take() throws InterruptedException {
        while (!closed) {
            Block b = free.poll(100, TimeUnit.MILLISECONDS);
            if (b != null) return b;
        }
        return null;
    }

    private void putQuietly(Block b) {
        try {
            while (!closed && !full.offer(b, 100, TimeUnit.MILLISECONDS)) {
                // the consumer is slow; wait for room or for close()
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next block, or null when every file is read or the load is stopping (a parser blocked on a slow
     * stdin must not hold up a cancellation). Rethrows the parser's failure.
     */
    Block next() throws IOException, InterruptedException {
        Block b;
        while ((b = full.poll(100, TimeUnit.MILLISECONDS)) == null) {
            if (stopping.getAsBoolean()) return null;
        }
        if (b == END) {
            full.put(END);
            return null;
        }
        if (b.error instanceof IOException io) throw io;
        if (b.error instanceof RuntimeException re) throw re;
        return b;
    }

    void recycle(Block b) {
        free.offer(b);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        // A file read ends in milliseconds; a read from stdin may never return, and the thread is a daemon.
        thread.join(2_000);
    }
}
