package org.scr4j.scheme;

import java.nio.ByteBuffer;

/**
 * The buffers of a row coder, reused from piece to piece. Outputs are direct buffers, which a
 * FileChannel writes without a copy; scr4j's kernels take inputs of either kind. Hadoop's coders
 * insist on one kind for all units: for them pieces of the minority kind are copied, and
 * assembled pieces and outputs follow the kind the messages had last, so a transport that always
 * delivers one kind costs no copy.
 */
final class PieceBuffers {
    private final int pieceSize;
    private final boolean oneKind;
    private final ByteBuffer[] heapScratch;
    private final ByteBuffer[] directScratch;
    private final ByteBuffer[] heapOut;
    private final ByteBuffer[] directOut;
    private final ByteBuffer[] converted;
    private ByteBuffer zeros;
    private boolean heap;

    /** @param oneKind whether the coder needs every unit of one kind (heap or direct) */
    PieceBuffers(int sources, int outputs, int pieceSize, boolean oneKind) {
        this.pieceSize = pieceSize;
        this.oneKind = oneKind;
        this.heapScratch = new ByteBuffer[sources];
        this.directScratch = new ByteBuffer[sources];
        this.converted = new ByteBuffer[sources];
        this.heapOut = new ByteBuffer[outputs];
        this.directOut = new ByteBuffer[outputs];
    }

    /** Where source i is assembled when it does not arrive whole. */
    ByteBuffer scratch(int i) {
        return heap ? get(heapScratch, i, true) : get(directScratch, i, false);
    }

    ByteBuffer zeros() {
        if (zeros == null) {
            zeros = ByteBuffer.allocateDirect(pieceSize);
        }
        return zeros.duplicate();
    }

    ByteBuffer output(int i, boolean heapKind) {
        return heapKind ? get(heapOut, i, true) : get(directOut, i, false);
    }

    /**
     * Prepares the sources for the coder and returns whether the outputs must be heap buffers:
     * for a coder that needs one kind, copies the fewer into buffers of the other kind (ties go
     * to heap, where the kernels are fastest).
     */
    boolean uniform(ByteBuffer[] sources) {
        if (!oneKind) {
            return false;
        }
        int arrays = 0;
        for (ByteBuffer b : sources) {
            arrays += b.hasArray() ? 1 : 0;
        }
        heap = arrays * 2 >= sources.length;
        for (int i = 0; i < sources.length; i++) {
            if (sources[i].hasArray() != heap) {
                if (converted[i] == null || converted[i].hasArray() != heap) {
                    converted[i] = heap ? ByteBuffer.allocate(pieceSize) : ByteBuffer.allocateDirect(pieceSize);
                }
                ByteBuffer copy = converted[i].clear();
                copy.put(sources[i].duplicate()).flip();
                sources[i] = copy;
            }
        }
        return heap;
    }

    private ByteBuffer get(ByteBuffer[] buffers, int i, boolean heapKind) {
        if (buffers[i] == null) {
            buffers[i] = heapKind ? ByteBuffer.allocate(pieceSize) : ByteBuffer.allocateDirect(pieceSize);
        }
        return buffers[i];
    }
}
