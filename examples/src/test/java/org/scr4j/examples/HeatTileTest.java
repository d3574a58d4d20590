package org.scr4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class HeatTileTest {
    private static HeatTile after(int size, int rank, int steps) {
        HeatTile tile = new HeatTile(size, rank);
        for (int s = 0; s < steps; s++) {
            tile.step();
        }
        return tile;
    }

    @Test
    void rankZerosTileIsTheThreadedExamplesField() {
        assertEquals(HeatField.referenceChecksum(24, 37), HeatField.checksum(after(24, 0, 37).cells()));
    }

    @Test
    void otherRanksTilesDifferAndTheChecksumIsTheCrc32cOfTheBigEndianCells() {
        HeatTile one = after(24, 1, 37);
        assertNotEquals(HeatField.checksum(after(24, 0, 37).cells()), HeatField.checksum(one.cells()));
        assertNotEquals(after(24, 2, 37).checksum(), one.checksum());
        assertEquals(HeatTile.LEFT_PER_RANK, one.cells()[24 * 5], "the left edge of rank 1 is held");
        CRC32C crc = new CRC32C();
        for (double v : one.cells()) {
            long bits = Double.doubleToRawLongBits(v);
            for (int shift = 56; shift >= 0; shift -= 8) {
                crc.update((int) (bits >>> shift) & 0xff);
            }
        }
        assertEquals(String.format("%08x", crc.getValue()), one.checksum());
    }
}
