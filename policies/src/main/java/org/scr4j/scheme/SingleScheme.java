package org.scr4j.scheme;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.scr4j.dataset.Manifest;
import org.scr4j.group.Group;

/** Files stay only where they were written: survives a process crash, not the loss of its node. */
public final class SingleScheme implements RedundancyScheme {
    public static final String NAME = "SINGLE";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> cannotProtect(SchemeOptions options) {
        return Optional.empty();
    }

    @Override
    public void apply(Group group, RankPart part, Manifest manifest, SchemeOptions options) {
        // Nothing to add: the CRC32C in the manifest is SINGLE's whole protection.
    }

    @Override
    public Manifest recover(Group group, RankPart part, Optional<Manifest> mine, Set<Integer> lost, SchemeOptions options)
            throws NotRecoverableException {
        if (!lost.isEmpty() || mine.isEmpty()) {
            // Named as the other schemes name them, rank and node, so a person knows which nodes took the data.
            throw new NotRecoverableException(part.dataset().label() + " is protected by SINGLE, which keeps no copy on another"
                    + " node, and the part(s) of rank(s) " + new TreeSet<>(lost).stream().map(r -> r + " (now on "
                            + options.failureGroups().get(r) + ")").collect(Collectors.joining(", ")) + " are lost");
        }
        return mine.get();
    }

    @Override
    public void remove(RankPart part) {
        // SINGLE adds nothing.
    }

    @Override
    public List<String> files(RankPart part) {
        return List.of();
    }

    @Override
    public List<RecoveryGroup> recoveryGroups(RankPart part) {
        return List.of(); // no copy on another node: a lost part is lost
    }
}
