package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StripeGeometryTest {
    @Test
    void everyMemberHoldsOneUnitOfEveryRowAndMOfThemParity() {
        for (int n = 2; n <= 9; n++) {
            for (int m = 1; m < n; m++) {
                StripeGeometry g = StripeGeometry.of(m, java.util.Collections.nCopies(n, 100L));
                for (int member = 0; member < n; member++) {
                    int parity = 0;
                    Set<Integer> chunks = new HashSet<>();
                    for (int row = 0; row < n; row++) {
                        int unit = g.unit(member, row);
                        assertEquals(member, g.holder(row, unit), "n " + n + " m " + m + " member " + member + " row " + row);
                        if (unit >= g.data()) {
                            parity++;
                            assertEquals(row, g.parityRow(member, unit - g.data()));
                        } else {
                            assertTrue(chunks.add(unit), "each chunk in one row");
                        }
                    }
                    assertEquals(m, parity);
                    assertEquals(g.data(), chunks.size());
                }
            }
        }
    }

    @Test
    void chunksCoverTheLargestMemberAndPaddingIsNotData() {
        StripeGeometry g = StripeGeometry.of(1, List.of(10L, 0L, 7L));
        assertEquals(2, g.data());
        assertEquals(5, g.chunk());
        assertEquals(5, g.realBytes(0, 1, 0, 5));
        assertEquals(2, g.realBytes(2, 1, 0, 5), "member 2's second chunk holds bytes 5 and 6");
        assertEquals(0, g.realBytes(1, 0, 0, 5));
        assertEquals(3, g.pieces(2));
        assertEquals(1, g.pieceLength(2, 2));
        assertEquals(0, StripeGeometry.of(2, List.of(0L, 0L, 0L)).pieces(1000), "empty sets code nothing");
    }
}
