package org.scr4j.tier.local;

import java.nio.file.Path;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierSpec;

/** Turns a local tier's configured base into its directory, refusing what cannot be right. */
final class LocalBase {
    private LocalBase() {
    }

    static Path resolve(TierSpec spec, TierContext context) {
        String expanded = context.expand(spec.base());
        if (expanded.contains("://")) {
            throw new IllegalArgumentException("tier '" + spec.name() + "' of type " + spec.type() + " needs a local directory, not '"
                    + expanded + "'. Fix: give a path, or use type pfs for a file system URI");
        }
        Path dir = Path.of(expanded);
        if (!dir.isAbsolute()) {
            throw new IllegalArgumentException("tier '" + spec.name() + "': base '" + spec.base()
                    + "' is relative. Fix: give an absolute path, such as /dev/shm/${user}/scr4j/${job}/${node}");
        }
        dir = dir.normalize();
        if (dir.getParent() == null) {
            throw new IllegalArgumentException("tier '" + spec.name() + "': base '" + spec.base()
                    + "' is the root directory; scr4j deletes datasets under its base. Fix: use a directory of its own");
        }
        return dir;
    }
}
