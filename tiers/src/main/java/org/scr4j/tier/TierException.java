package org.scr4j.tier;

import java.io.IOException;

/** A tier cannot do what was asked; the message names the tier, the problem and the fix. */
public class TierException extends IOException {
    public TierException(String message) {
        super(message);
    }

    public TierException(String message, Throwable cause) {
        super(message, cause);
    }
}
