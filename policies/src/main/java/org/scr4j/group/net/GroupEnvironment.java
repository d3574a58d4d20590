package org.scr4j.group.net;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.scr4j.conf.ConfigException;

/**
 * Where this process stands in its job, from the environment the launcher (or Slurm) gave it:
 * rank and size, the rendezvous where rank 0 listens, and the file with the job secret.
 */
record GroupEnvironment(int rank, int size, String node, String host, int port, Path secretFile) {
    static final String RANK = "SCR4J_RANK";
    static final String SIZE = "SCR4J_SIZE";
    static final String RENDEZVOUS = "SCR4J_RENDEZVOUS";
    static final String SECRET_FILE = "SCR4J_SECRET_FILE";
    static final String SLURM_RANK = "SLURM_PROCID";
    static final String SLURM_SIZE = "SLURM_NTASKS";

    GroupEnvironment {
        requireNonNull(node, "node is null");
        requireNonNull(host, "host is null");
        requireNonNull(secretFile, "secretFile is null");
    }

    /** host:port, as given. */
    String rendezvous() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The job group this process belongs to, or empty for a job of one rank: nothing says
     * otherwise, or the size is 1. Rank and size come from SCR4J_RANK and SCR4J_SIZE, else from
     * SLURM_PROCID and SLURM_NTASKS.
     */
    static Optional<GroupEnvironment> of(Map<String, String> env, String node) {
        String rankName = RANK;
        String sizeName = SIZE;
        if (blank(env.get(RANK)) && blank(env.get(SIZE))) {
            rankName = SLURM_RANK;
            sizeName = SLURM_SIZE;
        }
        String rankText = env.get(rankName);
        String sizeText = env.get(sizeName);
        if (blank(rankText) && blank(sizeText)) {
            if (!blank(env.get(RENDEZVOUS))) {
                throw new ConfigException(RENDEZVOUS + "=" + env.get(RENDEZVOUS) + " is set, so this process expects to join a job"
                        + " group, but neither " + RANK + "/" + SIZE + " nor " + SLURM_RANK + "/" + SLURM_SIZE + " say which rank it is."
                        + " Fix: set " + RANK + " and " + SIZE + " (the scr4j launcher does), or unset " + RENDEZVOUS);
            }
            return Optional.empty();
        }
        if (blank(rankText) || blank(sizeText)) {
            String set = blank(rankText) ? sizeName : rankName;
            String unset = blank(rankText) ? rankName : sizeName;
            throw new ConfigException(set + " is set but " + unset + " is not. Fix: set both, or neither for a job of one rank");
        }
        int size = number(sizeName, sizeText, 1);
        int rank = number(rankName, rankText, 0);
        if (rank >= size) {
            throw new ConfigException(rankName + "=" + rank + " is not below " + sizeName + "=" + size + ". Fix: ranks are 0.."
                    + (size - 1));
        }
        if (size == 1) {
            return Optional.empty();
        }
        String rendezvous = env.get(RENDEZVOUS);
        if (blank(rendezvous)) {
            throw new ConfigException(sizeName + "=" + size + " says this job step has " + size + " ranks, but " + RENDEZVOUS
                    + " is not set, so they cannot find each other. Fix: start the job step with the scr4j launcher (scr4j run),"
                    + " which sets it, or set " + RENDEZVOUS + "=host:port where rank 0 listens, and " + SECRET_FILE);
        }
        String secret = env.get(SECRET_FILE);
        if (blank(secret)) {
            throw new ConfigException(RENDEZVOUS + " is set but " + SECRET_FILE + " is not: ranks prove they belong to the job"
                    + " with a secret only the job's user can read. Fix: start the job with the scr4j launcher, which makes it,"
                    + " or make one with JobSecret.create and set " + SECRET_FILE + " to its path");
        }
        String[] hostPort = hostAndPort(rendezvous.strip());
        return Optional.of(new GroupEnvironment(rank, size, node, hostPort[0],
                number(RENDEZVOUS + " port", hostPort[1], 1, 0xFFFF, RENDEZVOUS + "=" + rendezvous), Path.of(secret.strip())));
    }

    private static String[] hostAndPort(String text) {
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty() || colon == text.length() - 1) {
            throw new ConfigException(RENDEZVOUS + "=" + text + " is not host:port. Fix: name rank 0's host and a port, such as"
                    + " node0:7077 or 10.0.0.5:7077");
        }
        return new String[] {host, text.substring(colon + 1)};
    }

    private static int number(String name, String text, int min) {
        return number(name, text, min, Integer.MAX_VALUE, name + "=" + text);
    }

    private static int number(String name, String text, int min, int max, String shown) {
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(shown + ": " + name + " is not a whole number. Fix: set it to one from " + min
                    + (max == Integer.MAX_VALUE ? " up" : " to " + max));
        }
        if (value < min || value > max) {
            throw new ConfigException(shown + ": " + name + " must be " + (max == Integer.MAX_VALUE ? "at least " + min
                    : "from " + min + " to " + max) + ". Fix: correct it");
        }
        return value;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
