package org.scr4j.scheme;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The recovery groups a part's redundancy header describes, for {@link RedundancyScheme#recoveryGroups}:
 * read from this part alone, with no other rank involved, so a node can tell what its cache
 * protects while the job is down.
 */
final class HeaderGroups {
    private HeaderGroups() {
    }

    /** XOR and RS: the set, surviving as many lost members as there are parity units per row. */
    static List<RecoveryGroup> erasure(RankPart part, String scheme) throws IOException {
        Optional<SchemeHeader> found = read(part, scheme);
        if (found.isEmpty() || found.get().set().isEmpty()) {
            return List.of();
        }
        SchemeHeader header = found.get();
        RedundancySet set = header.set().get();
        StripeGeometry geometry = header.geometry().orElseThrow(() -> damaged(part, "its set has no stripe geometry"));
        if (geometry.members() != set.size()) {
            throw damaged(part, "its geometry has " + geometry.members() + " members but its set " + set.size());
        }
        return List.of(new RecoveryGroup(Set.copyOf(set.ranks()), geometry.parity()));
    }

    /** PARTNER: this rank and the ring neighbour whose copy it holds, surviving the loss of either. */
    static List<RecoveryGroup> partner(RankPart part, String scheme) throws IOException {
        Optional<SchemeHeader> found = read(part, scheme);
        if (found.isEmpty() || found.get().set().isEmpty()) {
            return List.of();
        }
        SchemeHeader header = found.get();
        RedundancySet set = header.set().get();
        int me = set.indexOf(part.rank());
        int previous = set.rank(Math.floorMod(me - 1, set.size()));
        if (header.manifests().size() != 1 || header.manifests().get(0).rank() != previous) {
            throw damaged(part, "it should hold the manifest of rank " + previous + ", whose copy this rank keeps, and holds "
                    + header.manifests().stream().map(m -> "rank " + m.rank()).toList());
        }
        return List.of(new RecoveryGroup(Set.of(previous, part.rank()), 1));
    }

    /** The part's header if it has one, checked to be this scheme's, this dataset's and this rank's. */
    private static Optional<SchemeHeader> read(RankPart part, String scheme) throws IOException {
        Optional<SchemeHeader> header = PartFiles.readHeader(part);
        if (header.isEmpty()) {
            return header;
        }
        SchemeHeader h = header.get();
        if (!h.scheme().equals(scheme)) {
            throw damaged(part, "it was written by " + h.scheme() + ", not " + scheme);
        }
        if (h.dataset() != part.dataset().id() || h.rank() != part.rank()) {
            throw damaged(part, "it belongs to dataset " + h.dataset() + " rank " + h.rank() + ", not to "
                    + part.dataset().label() + " rank " + part.rank());
        }
        if (h.set().isPresent() && h.set().get().indexOf(part.rank()) < 0) {
            throw damaged(part, "its redundancy set (" + h.set().get().describe() + ") does not hold rank " + part.rank());
        }
        return header;
    }

    private static IOException damaged(RankPart part, String why) {
        return new IOException("redundancy header " + part.tier().location() + part.directory() + "/"
                + part.redundancy(SchemeHeader.FILE) + " does not fit its part: " + why + ". The part's redundancy cannot be"
                + " used; a rebuild that needs it fails, and the next checkpoint is protected afresh");
    }
}
