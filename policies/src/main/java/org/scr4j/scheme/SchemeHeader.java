package org.scr4j.scheme;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.scr4j.dataset.Manifest;

/**
 * What a scheme stores beside a rank's redundancy data so that the set can be rebuilt without
 * it: the set as it was formed, the stripe geometry, the redundancy files with their CRC32C, and
 * the manifests of the members whose files those redundancy files can rebuild (SCR keeps its
 * neighbours' metadata in its headers the same way). Written last, atomically: redundancy without
 * its header does not count.
 *
 * @param set       empty when no set could take this rank (it is protected as SINGLE only)
 * @param geometry  XOR and RS only
 * @param stored    the redundancy files this rank holds (XOR, RS: parity units)
 * @param manifests XOR, RS: every member's, in member order; PARTNER: the member whose copy this rank holds
 */
record SchemeHeader(String scheme, long dataset, int rank, Optional<RedundancySet> set, Optional<StripeGeometry> geometry,
        List<StoredFile> stored, List<Manifest> manifests) {
    static final int FORMAT = 1;
    static final String FILE = "header.json";

    /** One redundancy file: its tier path in the part, the row whose unit it holds, its size and CRC32C. */
    record StoredFile(String path, int row, long size, long crc32c) {
        StoredFile {
            requireNonNull(path, "path is null");
        }
    }

    SchemeHeader {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(set, "set is null");
        requireNonNull(geometry, "geometry is null");
        stored = List.copyOf(requireNonNull(stored, "stored is null"));
        manifests = List.copyOf(requireNonNull(manifests, "manifests is null"));
    }

    /** The header of a rank no set could take. */
    static SchemeHeader unprotected(String scheme, long dataset, int rank) {
        return new SchemeHeader(scheme, dataset, rank, Optional.empty(), Optional.empty(), List.of(), List.of());
    }

    /** The manifest of rank {@code rank} kept here, if any. */
    Optional<Manifest> manifestOf(int rank) {
        return manifests.stream().filter(m -> m.rank() == rank).findFirst();
    }

    SchemeHeader withSet(RedundancySet newSet) {
        return new SchemeHeader(scheme, dataset, rank, Optional.of(newSet), geometry, stored, manifests);
    }
}
