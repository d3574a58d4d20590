package org.scr4j.launch.run;

import java.io.IOException;
import java.time.Duration;

/** A launched step. */
public interface Step {
    /** Waits up to the timeout; true once every process of the step has ended. */
    boolean await(Duration timeout) throws InterruptedException;

    /** Ends every process of the step (SIGKILL) and waits until they are gone. Idempotent. */
    void kill() throws IOException, InterruptedException;

    /** What the step ended with; only after {@link #await} returned true. */
    StepResult result();
}
