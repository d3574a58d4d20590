package org.scr4j.group.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.scr4j.group.Exchange;

/**
 * Direct buffers for large messages, kept for reuse. Netty's pooled allocator carves buffers out
 * of 4 MiB chunks and frees a chunk as soon as nothing in it is used; a 4 MiB message fills a
 * whole chunk, so every message would cost a fresh chunk: allocation, zeroing and page faults for
 * all 4 MiB, twice per message (sender and receiver), which halved the data rate. Here a released
 * message buffer goes back to a short free list instead. Smaller buffers come from the pooled
 * allocator, which serves them well. Memory stays bounded: buffers are only made while more
 * messages are in flight than ever before (back-pressure bounds that), and at most
 * {@link #KEEP} wait free.
 */
final class MessageBuffers {
    /** From this size on, a buffer comes from the free list. */
    static final int LARGE = 256 << 10;
    /** One frame: a header and the largest message. */
    static final int CAPACITY = Frame.HEADER + Exchange.MAX_MESSAGE;
    private static final int KEEP = 8;

    private final ByteBufAllocator pooled = PooledByteBufAllocator.DEFAULT;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(KEEP);
    private volatile boolean closed;

    /** An empty direct buffer of exactly {@code capacity} bytes; the caller releases it. */
    ByteBuf take(int capacity) {
        if (capacity < LARGE || capacity > CAPACITY) {
            return pooled.directBuffer(capacity, capacity);
        }
        ByteBuffer memory = free.poll();
        if (memory == null) {
            memory = ByteBuffer.allocateDirect(CAPACITY);
        }
        return new Recycled(memory, capacity);
    }

    /** Frees the buffers waiting for reuse; buffers still in use are freed when released. */
    void close() {
        closed = true;
        for (ByteBuffer b; (b = free.poll()) != null; ) {
            PlatformDependent.freeDirectBuffer(b);
        }
    }

    /** A view of a kept buffer that goes back to the free list, or is freed, on its last release. */
    private final class Recycled extends UnpooledDirectByteBuf {
        private final ByteBuffer memory;

        Recycled(ByteBuffer memory, int capacity) {
            super(pooled, memory.clear().limit(capacity), capacity);
            this.memory = memory;
            clear();
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            if (closed || !free.offer(memory)) {
                PlatformDependent.freeDirectBuffer(memory);
            }
        }
    }
}
