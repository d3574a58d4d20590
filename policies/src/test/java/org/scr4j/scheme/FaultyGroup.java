package org.scr4j.scheme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.scr4j.group.Exchange;
import org.scr4j.group.Group;

/** A rank whose sends fail from the n-th on, as a disk or network error in the middle of a scheme's exchange would. */
final class FaultyGroup implements Group {
    private final Group group;
    private final int failAt;
    private final String reason;
    private final AtomicInteger sends = new AtomicInteger();

    FaultyGroup(Group group, int failAt, String reason) {
        this.group = group;
        this.failAt = failAt;
        this.reason = reason;
    }

    @Override
    public int rank() {
        return group.rank();
    }

    @Override
    public int size() {
        return group.size();
    }

    @Override
    public String node() {
        return group.node();
    }

    @Override
    public List<byte[]> allGather(byte[] value) {
        return group.allGather(value);
    }

    @Override
    public Exchange exchange() {
        Exchange exchange = group.exchange();
        return new Exchange() {
            @Override
            public long id() {
                return exchange.id();
            }

            @Override
            public void send(int to, ByteBuffer data) {
                if (sends.incrementAndGet() >= failAt) {
                    throw new UncheckedIOException(new IOException(reason));
                }
                exchange.send(to, data);
            }

            @Override
            public void sendFile(int to, FileChannel file, long position, long count) throws IOException {
                if (sends.incrementAndGet() >= failAt) {
                    throw new IOException(reason);
                }
                exchange.sendFile(to, file, position, count);
            }

            @Override
            public Message receive(int from) {
                return exchange.receive(from);
            }

            @Override
            public void abandon(String why) {
                exchange.abandon(why);
            }

            @Override
            public void close() {
                exchange.close();
            }
        };
    }
}
