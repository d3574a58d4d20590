package org.scr4j.scheme;

import com.google.inject.Inject;
import org.scr4j.conf.ScrConfig;
import org.scr4j.conf.ScrKeys;
import org.scr4j.erasure.CoderChoice;
import org.scr4j.erasure.ErasureCode;

/**
 * One parity unit per row, the XOR of its k data chunks: costs 1/(N-1) of the data in extra space
 * and survives one lost node per set.
 */
public final class XorScheme extends ErasureScheme {
    public static final String NAME = "XOR";

    @Inject
    public XorScheme(ScrConfig config) {
        this(CoderChoice.parse(config.get(ScrKeys.ERASURE_CODER)), PIECE);
    }

    XorScheme(CoderChoice choice, int pieceSize) {
        super(choice, pieceSize);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    int parity(int members, SchemeOptions options) {
        return 1;
    }

    @Override
    ErasureCode code(int data, int parity) {
        return ErasureCode.xor(data);
    }

    @Override
    String shortSets(SetPlan plan, SchemeOptions options) {
        return null;
    }
}
