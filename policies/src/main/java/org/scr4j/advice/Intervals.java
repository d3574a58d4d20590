package org.scr4j.advice;

/**
 * Young's and Daly's optimal checkpoint intervals. Both give the compute time between the end of
 * one checkpoint and the start of the next, for a checkpoint cost C and a mean time between
 * failures M, all in seconds. The restart cost does not appear: it changes how long a job takes,
 * not which interval is best.
 */
public final class Intervals {
    private Intervals() {
    }

    /** Young (1974): sqrt(2CM), the first-order optimum, good while C is small against M. */
    public static double young(double cost, double mtbf) {
        check(cost, mtbf);
        return Math.sqrt(2 * cost * mtbf);
    }

    /**
     * Daly (2006), the higher-order optimum: sqrt(2CM)·[1 + (1/3)·sqrt(C/2M) + (1/9)·(C/2M)] − C
     * while C < 2M; else M, as once a checkpoint costs two MTBFs no shorter interval pays off.
     */
    public static double daly(double cost, double mtbf) {
        check(cost, mtbf);
        if (cost >= 2 * mtbf) {
            return mtbf;
        }
        double ratio = cost / (2 * mtbf);
        return Math.sqrt(2 * cost * mtbf) * (1 + Math.sqrt(ratio) / 3 + ratio / 9) - cost;
    }

    private static void check(double cost, double mtbf) {
        if (!Double.isFinite(cost) || cost < 0) {
            throw new IllegalArgumentException("a checkpoint cost is a finite number of seconds >= 0, not " + cost);
        }
        if (!Double.isFinite(mtbf) || mtbf <= 0) {
            throw new IllegalArgumentException("a mean time between failures is a finite number of seconds > 0, not " + mtbf);
        }
    }
}
