package org.scr4j.scheme;

import com.google.inject.Inject;
import java.util.List;
import java.util.stream.Collectors;
import org.scr4j.conf.ScrConfig;
import org.scr4j.conf.ScrKeys;
import org.scr4j.erasure.CoderChoice;
import org.scr4j.erasure.ErasureCode;

/**
 * Reed-Solomon over GF(2^8): m = scr.set.failures parity units per row, so a set survives that
 * many lost nodes. A set of N &lt;= m members keeps N - 1, which still rebuilds all but one of them.
 */
public final class RsScheme extends ErasureScheme {
    public static final String NAME = "RS";

    @Inject
    public RsScheme(ScrConfig config) {
        this(CoderChoice.parse(config.get(ScrKeys.ERASURE_CODER)), PIECE);
    }

    RsScheme(CoderChoice choice, int pieceSize) {
        super(choice, pieceSize);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    int parity(int members, SchemeOptions options) {
        return Math.min(options.failures(), members - 1);
    }

    @Override
    ErasureCode code(int data, int parity) {
        return ErasureCode.rs(data, parity);
    }

    @Override
    String shortSets(SetPlan plan, SchemeOptions options) {
        List<RedundancySet> small = plan.sets().stream().filter(s -> s.size() <= options.failures()).toList();
        if (small.isEmpty()) {
            return null;
        }
        return small.stream().map(s -> "set " + s.id() + " (" + s.describe() + ")").collect(Collectors.joining("; "))
                + (small.size() == 1 ? " has" : " have") + " too few members for " + options.failures() + " parity units"
                + " (scr.set.failures); each keeps one less than it has members, so losing all of a set but one is still"
                + " survived. Fix: a larger scr.set.size, or more nodes";
    }
}
