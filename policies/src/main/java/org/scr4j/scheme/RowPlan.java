package org.scr4j.scheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who does what in each row of a stripe pass: which k units are read (the sources), which member
 * codes the row (it receives the sources), and which units it computes for their holders (the
 * outputs). Encoding is the pass whose sources are the data units and outputs the parity units;
 * a rebuild reads k surviving units and computes the lost members' units.
 */
final class RowPlan {
    private final StripeGeometry geometry;
    private final int[] computers;
    private final int[][] sources;
    private final int[][] outputs;

    private RowPlan(StripeGeometry geometry, int[] computers, int[][] sources, int[][] outputs) {
        this.geometry = geometry;
        this.computers = computers;
        this.sources = sources;
        this.outputs = outputs;
    }

    /** Row r is coded by its first parity holder, member r, from its k data units. */
    static RowPlan encode(StripeGeometry g) {
        int n = g.members();
        int[] computers = new int[n];
        int[][] sources = new int[n][];
        int[][] outputs = new int[n][];
        for (int r = 0; r < n; r++) {
            computers[r] = r;
            sources[r] = range(0, g.data());
            outputs[r] = range(g.data(), g.data() + g.parity());
        }
        return new RowPlan(g, computers, sources, outputs);
    }

    /**
     * Rebuilds the units of the members in {@code rebuilt} (data units, and parity units too when
     * {@code parityToo}) from the first k units of members not in {@code unavailable}. Each row is
     * coded by one of the members that hold its sources, in turn, which reads its own unit in
     * place: the coding spreads over the survivors, and a rebuilt member receives only its own
     * units, not k per row.
     */
    static RowPlan rebuild(StripeGeometry g, Set<Integer> unavailable, Set<Integer> rebuilt, boolean parityToo) {
        int n = g.members();
        if (n - unavailable.size() < g.data()) {
            throw new IllegalArgumentException(unavailable.size() + " of " + n + " members are unavailable; a row needs " + g.data());
        }
        int[] computers = new int[n];
        int[][] sources = new int[n][];
        int[][] outputs = new int[n][];
        for (int r = 0; r < n; r++) {
            List<Integer> out = new ArrayList<>();
            List<Integer> in = new ArrayList<>();
            TreeSet<Integer> holders = new TreeSet<>();
            for (int u = 0; u < g.members(); u++) {
                int holder = g.holder(r, u);
                if (rebuilt.contains(holder) && (u < g.data() || parityToo)) {
                    out.add(u);
                } else if (!unavailable.contains(holder) && in.size() < g.data()) {
                    in.add(u);
                    holders.add(holder);
                }
            }
            computers[r] = out.isEmpty() ? -1 : new ArrayList<>(holders).get(r % holders.size());
            sources[r] = in.stream().mapToInt(Integer::intValue).toArray();
            outputs[r] = out.stream().mapToInt(Integer::intValue).toArray();
        }
        return new RowPlan(g, computers, sources, outputs);
    }

    private static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }

    int rows() {
        return computers.length;
    }

    /** The member that codes row r, or -1 if the row has nothing to compute. */
    int computer(int row) {
        return computers[row];
    }

    int[] sources(int row) {
        return sources[row].clone();
    }

    int[] outputs(int row) {
        return outputs[row].clone();
    }

    /** Whether member's unit in row r is one of the row's sources. */
    boolean reads(int member, int row) {
        return computers[row] >= 0 && contains(sources[row], geometry.unit(member, row));
    }

    /** Whether member's unit in row r is one of the row's outputs. */
    boolean writes(int member, int row) {
        return computers[row] >= 0 && contains(outputs[row], geometry.unit(member, row));
    }

    private static boolean contains(int[] units, int unit) {
        for (int u : units) {
            if (u == unit) {
                return true;
            }
        }
        return false;
    }
}
