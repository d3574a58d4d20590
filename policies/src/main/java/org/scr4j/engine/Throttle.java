package org.scr4j.engine;

import com.google.common.util.concurrent.RateLimiter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Caps the rate at which a flush reads the cache, so a background flush leaves the node's memory
 * bandwidth and disks to the application (scr.flush.async.bw). Guava's RateLimiter does the
 * accounting; a flush asks for each chunk's bytes before it reads the next.
 */
final class Throttle {
    /** No limit: synchronous flushes and drains go as fast as they can. */
    static final Throttle NONE = new Throttle(null);

    private final RateLimiter limiter;

    private Throttle(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** A limit of {@code bytesPerSecond}; zero or less means none. */
    static Throttle of(double bytesPerSecond) {
        return bytesPerSecond <= 0 ? NONE : new Throttle(RateLimiter.create(bytesPerSecond));
    }

    boolean limited() {
        return limiter != null;
    }

    /** {@code in}, read no faster than the limit. */
    InputStream wrap(InputStream in) {
        if (limiter == null) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    limiter.acquire(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    limiter.acquire(n);
                }
                return n;
            }
        };
    }
}
