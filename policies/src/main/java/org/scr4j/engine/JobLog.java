package org.scr4j.engine;

import org.scr4j.group.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs what every rank knows alike once, from rank 0, instead of once per rank. */
final class JobLog {
    private final Logger log;
    private final boolean leader;

    JobLog(Class<?> source, Group group) {
        this.log = LoggerFactory.getLogger(source);
        this.leader = group.rank() == 0;
    }

    void info(String format, Object... args) {
        if (leader) {
            log.info(format, args);
        }
    }

    void warn(String format, Object... args) {
        if (leader) {
            log.warn(format, args);
        }
    }

    void error(String format, Object... args) {
        if (leader) {
            log.error(format, args);
        }
    }
}
