package org.scr4j.launch.run;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Optional;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.HaltRecord;

/** {@code scr4j halt --immediate}: the step is killed at once, without waiting for a checkpoint. */
public final class HaltMonitor implements StepMonitor {
    private final ControlDirectory control;

    public HaltMonitor(ControlDirectory control) {
        this.control = requireNonNull(control, "control is null");
    }

    @Override
    public Optional<String> poll() throws IOException {
        HaltRecord halt = control.halt().read();
        if (halt.immediate()) {
            return Optional.of("halt --immediate (" + halt.reason().orElse("no reason given") + ")");
        }
        return Optional.empty();
    }
}
