package dev.drover.engine.run;

import dev.drover.engine.copy.CopyBuffer;
import dev.drover.engine.plan.CsvSource;
import dev.drover.engine.source.csv.CsvProblem;
import dev.drover.engine.source.csv.CsvReader;
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
        /** -1 for NULL. */
        int[] valueLength = new int[BLOCK_RECORDS * 8];
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

        byte[] original(int k) {
            return Arrays.copyOfRange(originals.buf, originalStart(k), originalEnd[k]);
        }

        void copyOriginal(int k, CopyBuffer out) {
            int s = originalStart(k);
            out.putBytes(originals.buf, s, originalEnd[k] - s);
        }
    }

    private static final Block END = new Block();

    private final BlockingQueue<Block> free = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<Block> full = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final Thread thread;
    private final BooleanSupplier stopping;
    private volatile boolean closed;

    RecordPump(CsvSource source, List<SourceFile> files, BooleanSupplier stopping, String name) {
        this.stopping = stopping;
        for (int i = 0; i < BLOCKS; i++) free.add(new Block());
        thread = new Thread(() -> pump(source, files, stopping), "drover-parse-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(CsvSource source, List<SourceFile> files, BooleanSupplier stopping) {
        Block b = null;
        try {
            for (int f = 0; f < files.size() && !stop(stopping); f++) {
                try (CsvReader r = CsvReader.open(source, files.get(f))) {
                    b = take();
                    if (b == null) return;
                    b.reset(f);
                    b.fileStart = true;
                    b.header = r.header();
                    b.headerProblem = r.headerProblem();
                    full.put(b);
                    b = null;
                    while (!stop(stopping)) {
                        if (b == null) {
                            b = take();
                            if (b == null) return;
                            b.reset(f);
                            r.valuesInto(b.values); // the parser writes values straight into the block
                        }
                        if (!r.next()) break;
                        int k = b.count++;
                        int n = r.size();
                        int at = k == 0 ? 0 : b.firstValue[k - 1] + b.sizes[k - 1];
                        if (at + n > b.valueStart.length) {
                            int cap = Math.max(at + n, b.valueStart.length * 2);
                            b.valueStart = Arrays.copyOf(b.valueStart, cap);
                            b.valueLength = Arrays.copyOf(b.valueLength, cap);
                        }
                        b.firstValue[k] = at;
                        r.copyValues(b.values, b.valueStart, b.valueLength, at);
                        b.sizes[k] = n;
                        b.lines[k] = r.line();
                        b.problems[k] = r.problem();
                        r.copyOriginal(b.originals);
                        b.originalEnd[k] = b.originals.pos;
                        if (b.count == BLOCK_RECORDS) {
                            b.bytesRead = r.bytesRead();
                            full.put(b);
                            b = null;
                        }
                    }
                    if (b != null) {
                        b.bytesRead = r.bytesRead();
                        full.put(b);
                        b = null;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            Block err = b != null ? b : new Block();
            err.count = 0;
            err.error = e;
            putQuietly(err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        putQuietly(END);
    }

    private boolean stop(BooleanSupplier stopping) {
        return closed || stopping.getAsBoolean();
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
