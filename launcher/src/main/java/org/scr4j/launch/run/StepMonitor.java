package org.scr4j.launch.run;

import java.io.IOException;
import java.util.Optional;

/** Looks at a running step every poll; a reason returned means: kill the step now, for this reason. */
@FunctionalInterface
public interface StepMonitor {
    Optional<String> poll() throws IOException;
}
