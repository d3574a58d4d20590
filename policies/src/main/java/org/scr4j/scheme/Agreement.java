package org.scr4j.scheme;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.scr4j.group.Group;
import org.scr4j.group.GroupException;

/**
 * Turns each rank's outcome of a step into the same outcome everywhere: if any rank failed,
 * every rank throws the same message, even a rank whose own part finished before the failure.
 * Failures that only echo another rank's abandoned exchange are left out when the original is known.
 */
final class Agreement {
    private Agreement() {
    }

    /** Collective: as {@link #check(Group, Throwable, String, Function)}, throwing {@link NotRecoverableException}. */
    static void check(Group group, Throwable failure, String what) throws NotRecoverableException {
        try {
            check(group, failure, what, NotRecoverableException::new);
        } catch (NotRecoverableException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Collective. {@code failure} is this rank's, or null; {@code exception} makes what every rank throws. */
    static void check(Group group, Throwable failure, String what, Function<String, ? extends IOException> exception)
            throws IOException {
        String mine = failure == null ? "" : (echo(failure) ? "E" : "F") + Workers.message(failure);
        List<String> all = group.allGather(mine);
        List<String> first = new ArrayList<>();
        List<String> echoes = new ArrayList<>();
        for (int r = 0; r < all.size(); r++) {
            String s = all.get(r);
            if (!s.isEmpty()) {
                (s.charAt(0) == 'F' ? first : echoes).add("rank " + r + ": " + s.substring(1));
            }
        }
        if (!first.isEmpty() || !echoes.isEmpty()) {
            IOException e = exception.apply(what + ": " + String.join("; ", first.isEmpty() ? echoes : first));
            if (failure != null) {
                e.initCause(failure);
            }
            throw e;
        }
    }

    /** True when the failure only reports that another rank gave up the exchange. */
    private static boolean echo(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof GroupException) {
                return true;
            }
        }
        return false;
    }
}
