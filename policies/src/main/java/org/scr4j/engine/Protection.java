package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import org.scr4j.scheme.RedundancyScheme;
import org.scr4j.scheme.SchemeOptions;

/** The scheme that protects a checkpoint level in this run, and how. */
record Protection(RedundancyScheme scheme, SchemeOptions options) {
    Protection {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(options, "options is null");
    }
}
