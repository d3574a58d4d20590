package org.scr4j.tier;

import static java.util.Objects.requireNonNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who and where a tier is opened for: the values of {@code ${user}}, {@code ${job}} and
 * {@code ${node}} in a node-local base path, so that simulated nodes on one machine get separate
 * directories and one user's data never lands in another's.
 */
public record TierContext(String user, String job, String node) {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)}");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");

    public TierContext {
        requireNonNull(user, "user is null");
        requireNonNull(job, "job is null");
        requireNonNull(node, "node is null");
        // Each value becomes one path component: a slash or ".." would move data elsewhere.
        checkComponent("user", user);
        checkComponent("job", job);
        checkComponent("node", node);
    }

    private static void checkComponent(String what, String value) {
        if (!SAFE.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new IllegalArgumentException(
                    "the " + what + " name '" + value + "' cannot be part of a path: use letters, digits, '.', '_' or '-'");
        }
    }

    /** Replaces ${user}, ${job} and ${node}; any other ${...} left in a base is an error. */
    public String expand(String base) {
        Matcher m = VARIABLE.matcher(base);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "user" -> user;
                case "job" -> job;
                case "node" -> node;
                default -> throw new IllegalArgumentException("unknown variable ${" + m.group(1) + "} in tier base '"
                        + base + "': a base may use ${user}, ${job} and ${node}");
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (out.indexOf("${") >= 0) {
            throw new IllegalArgumentException("tier base '" + base + "' has an unclosed or malformed ${...}: a base may use ${user}, ${job} and ${node}");
        }
        return out.toString();
    }
}
