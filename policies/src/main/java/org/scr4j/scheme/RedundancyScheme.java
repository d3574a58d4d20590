package org.scr4j.scheme;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.scr4j.dataset.Manifest;
import org.scr4j.group.Group;

/**
 * How a dataset is protected across nodes once its files are written (SINGLE, PARTNER, XOR, RS).
 * A scheme never knows which kind of tier its files live on; it reads and writes through the tier.
 * What it adds lives under {@code redundancy/} of each rank's part, together with whatever it
 * needs to rebuild a lost rank (the set, the geometry, the members' manifests). Bound by name in a
 * Guice MapBinder, as tiers are.
 *
 * <p>{@link #apply}, {@link #recover} are collective over the whole group: every rank calls them,
 * also ranks whose set has nothing to do.
 */
public interface RedundancyScheme {
    /** SINGLE, PARTNER, XOR or RS: the name descriptors use. */
    String name();

    /**
     * Why this scheme cannot protect anything on these failure groups (one node, too few for a
     * set...), or empty if it can. The engine then uses SINGLE and logs the reason.
     */
    Optional<String> cannotProtect(SchemeOptions options);

    /**
     * Protects this rank's committed files of a dataset. Called after every rank's files are
     * sealed and before its manifest is written, so redundancy data exists before the dataset does.
     */
    void apply(Group group, RankPart part, Manifest manifest, SchemeOptions options) throws IOException;

    /**
     * Rebuilds the parts of the ranks in {@code lost} (their directories are empty now, on the
     * nodes they run on in this run) from the other ranks' parts, checks every rebuilt file's
     * CRC32C, and protects the dataset again for the failure groups of {@code options}. Returns
     * this rank's manifest, rebuilt on a lost rank (the caller commits it). Throws
     * {@link NotRecoverableException} on every rank when the losses exceed what the scheme survives.
     *
     * @param mine this rank's manifest, empty on a lost rank
     */
    Manifest recover(Group group, RankPart part, Optional<Manifest> mine, Set<Integer> lost, SchemeOptions options)
            throws IOException;

    /** Deletes what this scheme added to this rank's part. */
    void remove(RankPart part) throws IOException;

    /** The tier paths (relative to the part's directory) of what this scheme added to this rank's part. */
    List<String> files(RankPart part) throws IOException;

    /**
     * The groups of ranks whose lost parts this rank's part helps rebuild, each with how many lost
     * members it survives, as its redundancy header ({@code redundancy/header.json}) records them:
     * XOR, the set and 1; RS, the set and its parity count; PARTNER, the rank whose copy this part
     * holds and this rank, and 1. Empty when the part protects nothing: SINGLE, a rank no set
     * took, or a part without a header (never protected, or its protection was being redone).
     * Reads this part only and is not collective, so {@code scr4j inspect} can ask each node while
     * the job is down.
     *
     * @throws IOException the header cannot be read, is damaged or written by a newer scr4j, or
     *     belongs to another scheme, dataset or rank; the message names the file. Such a part's
     *     redundancy is unusable, as a rebuild would find.
     */
    List<RecoveryGroup> recoveryGroups(RankPart part) throws IOException;
}
