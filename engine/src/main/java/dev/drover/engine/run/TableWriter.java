package dev.drover.engine.run;

import dev.drover.engine.copy.Batch;
import dev.drover.engine.copy.CopySender;
import dev.drover.engine.copy.ErrorIsolator;
import dev.drover.engine.copy.RejectedRow;
import dev.drover.engine.copy.ServerError;
import dev.drover.engine.plan.OnError;
import dev.drover.engine.target.TargetColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.postgresql.PGConnection;

/**
 * One writer thread of a table, with its own connection. With {@code on error resume} every batch
 * is its own transaction and goes through the {@link ErrorIsolator}; with {@code on error stop} the
 * whole table is one transaction that the first refused row rolls back.
 */
final class TableWriter implements Runnable {
    /** Tells a writer that no more batches come. */
    static final Batch END = new Batch(1, 16);
    /** Connection losses and transient errors tolerated per batch. */
    static final int ATTEMPTS = 5;

    private final TableJob job;
    private final int number;
    private final BlockingQueue<Batch> work;
    private final BlockingQueue<Batch> free;
    private Connection connection;
    private ErrorIsolator isolator;
    private long pendingRows;
    private long pendingBytes;

    TableWriter(TableJob job, int number, BlockingQueue<Batch> work, BlockingQueue<Batch> free) {
        this.job = job;
        this.number = number;
        this.work = work;
        this.free = free;
    }

    @Override
    public void run() {
        boolean stopMode = job.options().onError() == OnError.STOP;
        try {
            connect();
            while (true) {
                Batch b = work.take();
                if (b == END) break;
                try {
                    if (!job.stopping()) {
                        if (stopMode) sendInTableTransaction(b);
                        else sendWithRetries(b);
                    }
                } finally {
                    free.put(b);
                }
            }
            if (stopMode && connection != null) {
                if (job.stopping()) {
                    connection.rollback();
                } else {
                    connection.commit();
                    job.committed(pendingRows, pendingBytes);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            job.fail("interrupted");
        } catch (SQLException e) {
            job.fail(TableJob.describe(e));
        } catch (RuntimeException e) {
            job.fail("internal error in writer: " + e);
        } finally {
            close();
        }
    }

    private void connect() throws SQLException {
        close();
        connection = job.sessions().openWriter("writer/" + job.display() + "/" + number);
        List<TargetColumn> cols = job.copyColumns();
        isolator = new ErrorIsolator(connection, connection.unwrap(PGConnection.class).getCopyAPI(), job.table().ref().name(),
                cols.stream().map(TargetColumn::name).toList(), cols.stream().map(TargetColumn::typeName).toList(),
                job.serverSkipsBadValues());
        if (job.truncateInTransaction()) {
            try (Statement s = connection.createStatement()) {
                s.execute("TRUNCATE " + job.table().ref().sql());
            }
        }
    }

    private void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is going away either way
            }
            connection = null;
        }
    }

    private void sendWithRetries(Batch b) throws SQLException, InterruptedException {
        List<RejectedRow> refused = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            refused.clear();
            try {
                long rows = isolator.sendAndCommit(b, refused::add);
                long sent = 0;
                for (RejectedRow r : refused) sent += b.end(r.row()) - b.start(r.row());
                job.committed(rows, b.data.pos - sent);
                for (RejectedRow r : refused) job.rejectServer(r);
                return;
            } catch (SQLException e) {
                ServerError kind = ServerError.classify(e);
                if (connection != null && connectionLost(e)) kind = ServerError.CONNECTION;
                if (kind == ServerError.FATAL || kind == ServerError.DATA || attempt >= ATTEMPTS) {
                    String why = TableJob.describe(e);
                    if (attempt >= ATTEMPTS && kind != ServerError.FATAL) why = "gave up after " + attempt + " attempts: " + why;
                    job.fail(why);
                    return;
                }
                // Exponential backoff: 0.5 s, 1 s, 2 s, 4 s.
                Thread.sleep(500L << (attempt - 1));
                if (kind == ServerError.CONNECTION) {
                    job.notice("lost the connection while writing (" + TableJob.describe(e) + "); reconnecting, attempt " + (attempt + 1));
                    try {
                        connect();
                    } catch (SQLException again) {
                        if (attempt + 1 >= ATTEMPTS) throw again;
                    }
                } else {
                    try {
                        connection.rollback();
                    } catch (SQLException ignored) {
                        // the retry reconnects if this connection is broken
                    }
                }
            }
        }
    }

    private boolean connectionLost(SQLException e) {
        try {
            return connection.isClosed() || !connection.isValid(2);
        } catch (SQLException x) {
            return true;
        }
    }

    private void sendInTableTransaction(Batch b) throws SQLException {
        try {
            CopySender.send(connection.unwrap(PGConnection.class).getCopyAPI(), b, 0, b.rows(), new BitSet());
            pendingRows += b.rows();
            pendingBytes += b.data.pos;
        } catch (SQLException e) {
            connection.rollback();
            if (ServerError.classify(e) == ServerError.DATA) {
                int row = CopySender.rowOfLine(ServerError.copyLine(e, job.table().ref().name()), 0, b.rows(), new BitSet());
                if (row >= 0) {
                    job.rejectServer(new RejectedRow(b, row, e));
                    return;
                }
            }
            job.fail("on error stop: " + TableJob.describe(e) + "; the table's load was rolled back");
        }
    }
}
