package org.scr4j.group.net;

/**
 * The kinds of frame on the job group's connections. The byte codes are the wire format: never
 * renumber one, add new codes instead.
 */
enum FrameType {
    /** Client to server, first: magic, version, purpose and the client's nonce. */
    AUTH_HELLO(1),
    /** Server to client: the server's nonce and its proof (HMAC over both nonces). */
    AUTH_CHALLENGE(2),
    /** Client to server: the client's proof. */
    AUTH_PROOF(3),
    /** Server to client: both sides proved themselves; the connection is the job's. */
    AUTH_OK(4),
    /** Either way: the sender refuses the connection; the body says why. */
    REFUSED(5),

    /** Rank to hub, once: tag = rank; body = size, node, data server host and port. */
    JOIN(10),
    /** Hub to rank, once every rank joined: every rank's node and data server. */
    TABLE(11),
    /** Rank to hub: tag = collective number; body = the rank's value. */
    GATHER(12),
    /** Hub to rank: tag = collective number; body = every rank's value in rank order. */
    GATHERED(13),
    /** Hub to rank: a rank died or the job's launch is wrong; body = what happened. The group is broken. */
    FAILED(14),
    /** Hub to rank: tag = a rank that closed the group cleanly. */
    LEFT(15),
    /** Rank to hub and hub to rank: tag = exchange id; body = the abandoning rank and why. */
    ABANDON(16),
    /** Rank to hub: this rank closes the group; its connection closing next is not a failure. */
    GOODBYE(17),
    /** Hub to rank: the hub closes the group; body = why. */
    CLOSING(18),
    /** Both ways on the control connection, every fifth of scr.group.timeout: "still alive". */
    HEARTBEAT(19),

    /** Sender to receiver, first on a data connection: tag = the sender's rank. */
    DATA_HELLO(30),
    /** Sender to receiver: tag = exchange id; body = one message. */
    DATA(31),
    /** Sender to receiver: the sender closes the connection cleanly; nothing follows. */
    DATA_END(32);

    private static final FrameType[] BY_CODE = new FrameType[128];

    static {
        for (FrameType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    final byte code;

    FrameType(int code) {
        this.code = (byte) code;
    }

    /** The type of a code read from the wire, or null for a code no version of scr4j sends. */
    static FrameType of(byte code) {
        return code < 0 ? null : BY_CODE[code];
    }
}
