package dev.drover.engine.copy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array that COPY data is encoded into, big-endian as the wire wants it.
 * Fields are public because this is the hot path: encoders write {@code buf[pos++]} directly after
 * one {@link #ensure} for the largest thing they may write.
 */
public final class CopyBuffer {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    public byte[] buf;
    public int pos;

    public CopyBuffer(int capacity) {
        buf = new byte[capacity];
    }

    /** Makes room for {@code extra} more bytes; grows only for rows bigger than the batch. */
    public void ensure(int extra) {
        int need = pos + extra;
        if (need > buf.length) {
            if (need < 0) throw new IllegalStateException("a single row larger than 2 GB cannot be buffered");
            buf = Arrays.copyOf(buf, Math.max(need, (int) Math.min(Integer.MAX_VALUE - 8L, buf.length * 2L)));
        }
    }

    public void putByte(int v) { buf[pos++] = (byte) v; }
    public void putShort(int v) { I16.set(buf, pos, (short) v); pos += 2; }
    public void putInt(int v) { I32.set(buf, pos, v); pos += 4; }
    public void putLong(long v) { I64.set(buf, pos, v); pos += 8; }
    public void putIntAt(int at, int v) { I32.set(buf, at, v); }

    public void putBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, pos, len);
        pos += len;
    }

    public static int getInt(byte[] b, int at) { return (int) I32.get(b, at); }
    public static short getShort(byte[] b, int at) { return (short) I16.get(b, at); }
}
