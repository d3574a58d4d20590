package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Reads a large message's bytes from the socket straight into the message's own buffer: while
 * the {@link FrameDecoder} fills a body, the next read is handed the body's unfilled part instead
 * of a fresh buffer, so the kernel copies into the message and this JVM copies nothing. Between
 * bodies, reads get ordinary buffers from {@code between}. Set per connection, since it reads for
 * one decoder.
 */
final class BodyReads implements RecvByteBufAllocator {
    private final FrameDecoder decoder;
    private final RecvByteBufAllocator between;

    BodyReads(FrameDecoder decoder, RecvByteBufAllocator between) {
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.between = requireNonNull(between, "between is null");
    }

    @Override
    public Handle newHandle() {
        return new Into((ExtendedHandle) between.newHandle());
    }

    private final class Into extends DelegatingHandle implements ExtendedHandle {
        private final ExtendedHandle handle;

        Into(ExtendedHandle handle) {
            super(handle);
            this.handle = handle;
        }

        /**
         * Reads no more than the adaptive guess, as a fresh buffer would: a read that fills what it
         * was given keeps the read loop going, while one that asked for the whole 4 MiB body and got
         * less would end it and cost a wake-up per read when data trickles in.
         */
        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            ByteBuf body = decoder.lend(guess());
            return body != null ? body : super.allocate(alloc);
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return handle.continueReading(maybeMoreDataSupplier);
        }
    }
}
