package org.scr4j.group;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The ranks of a job step and the collective operations the library needs. Every rank must make
 * the same calls in the same order; each returns the same answer on every rank. Values are bytes
 * so that a transport between processes carries them unchanged.
 */
public interface Group extends AutoCloseable {
    int rank();

    int size();

    /** The name of the node (failure group) this rank runs on. */
    String node();

    /** Every rank's value, in rank order. Throws {@link GroupException} if the group broke. */
    List<byte[]> allGather(byte[] value);

    /** Waits until every rank has arrived. */
    default void barrier() {
        allGather(new byte[0]);
    }

    /** Rank 0's value, on every rank; other ranks' arguments are ignored. */
    default byte[] broadcast(byte[] value) {
        return allGather(rank() == 0 ? value : new byte[0]).get(0);
    }

    default String broadcast(String value) {
        return new String(broadcast(rank() == 0 ? value.getBytes(StandardCharsets.UTF_8) : new byte[0]), StandardCharsets.UTF_8);
    }

    /** True on every rank only if every rank passed true. */
    default boolean allTrue(boolean value) {
        for (byte[] b : allGather(new byte[] {(byte) (value ? 1 : 0)})) {
            if (b[0] == 0) {
                return false;
            }
        }
        return true;
    }

    /** True on every rank if any rank passed true. */
    default boolean anyTrue(boolean value) {
        return !allTrue(!value);
    }

    default long min(long value) {
        long min = Long.MAX_VALUE;
        for (byte[] b : allGather(ByteBuffer.allocate(Long.BYTES).putLong(value).array())) {
            min = Math.min(min, ByteBuffer.wrap(b).getLong());
        }
        return min;
    }

    default long sum(long value) {
        long sum = 0;
        for (byte[] b : allGather(ByteBuffer.allocate(Long.BYTES).putLong(value).array())) {
            sum += ByteBuffer.wrap(b).getLong();
        }
        return sum;
    }

    default long max(long value) {
        long max = Long.MIN_VALUE;
        for (byte[] b : allGather(ByteBuffer.allocate(Long.BYTES).putLong(value).array())) {
            max = Math.max(max, ByteBuffer.wrap(b).getLong());
        }
        return max;
    }

    default List<String> allGather(String value) {
        return allGather(value.getBytes(StandardCharsets.UTF_8)).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    /**
     * Opens the next point-to-point exchange. Every rank calls it in the same order, so the same
     * exchange has the same {@link Exchange#id()} everywhere.
     */
    Exchange exchange();

    /** Leaves the group and frees its connections and threads; a no-op for groups without any. */
    @Override
    default void close() {
    }
}
