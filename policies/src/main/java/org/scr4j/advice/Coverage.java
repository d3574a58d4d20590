package org.scr4j.advice;

import java.util.Locale;

/** Which failures a level's checkpoints survive, weakest first: the order failures are charged in. */
public enum Coverage {
    /** A SINGLE cache level: its files stay on the node, so it survives a process failure only. */
    PROCESS("process failures"),
    /** A PARTNER, XOR or RS cache level: a lost node's files are rebuilt from the other nodes. */
    NODE("lost nodes"),
    /** The prefix, for flushed checkpoints: it survives whatever the cache does not. */
    PREFIX("any failure");

    private final String survives;

    Coverage(String survives) {
        this.survives = survives;
    }

    public boolean survives(FailureKind kind) {
        return this != PROCESS || kind == FailureKind.PROCESS;
    }

    /** What this coverage survives, for messages. */
    public String describe() {
        return survives;
    }

    /** Every scheme but SINGLE keeps redundancy off the node; a plugin scheme is taken to as well. */
    static Coverage ofScheme(String scheme) {
        return scheme.toUpperCase(Locale.ROOT).equals("SINGLE") ? PROCESS : NODE;
    }
}
