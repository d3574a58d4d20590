package org.scr4j.engine;

import java.util.Comparator;
import java.util.List;
import org.scr4j.conf.Descriptor;

/** The checkpoint descriptors: which level (tier, scheme) a checkpoint or output goes to. */
final class Levels {
    private final List<Descriptor> enabled;

    Levels(List<Descriptor> descriptors) {
        this.enabled = descriptors.stream().filter(Descriptor::enabled).toList();
        if (enabled.stream().noneMatch(d -> d.interval() == 1)) {
            throw new IllegalArgumentException("no enabled checkpoint descriptor has INTERVAL=1");
        }
    }

    /** As SCR: the enabled descriptor with the largest interval that divides the checkpoint id. */
    Descriptor forCheckpoint(long checkpointId) {
        return enabled.stream()
                .filter(d -> checkpointId % d.interval() == 0)
                .max(Comparator.comparingInt(Descriptor::interval).thenComparing(Descriptor::id, Comparator.reverseOrder()))
                .orElseThrow();
    }

    /** A pure output uses the descriptor marked OUTPUT=1, else the interval-1 one. */
    Descriptor forOutput() {
        return enabled.stream().filter(Descriptor::output).findFirst().orElseGet(() -> forCheckpoint(1));
    }
}
