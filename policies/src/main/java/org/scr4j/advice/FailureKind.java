package org.scr4j.advice;

/** What a failure took with it, which decides the levels whose checkpoints survive it. */
public enum FailureKind {
    /** A rank exited or hung; its node, and the node's cache, are intact. */
    PROCESS,
    /** A node was lost, and its cache with it. */
    NODE
}
