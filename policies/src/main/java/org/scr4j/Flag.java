package org.scr4j;

/** What a dataset is: a checkpoint the job can restart from, an output to keep on the prefix, or both. */
public enum Flag {
    /** The job can restart from it; kept in the cache, flushed every scr.flush checkpoints. */
    CHECKPOINT,
    /** A result to keep: always flushed to the prefix and never deleted from there by scr4j. */
    OUTPUT
}
