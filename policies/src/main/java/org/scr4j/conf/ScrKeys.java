package org.scr4j.conf;

import static org.scr4j.conf.ConfigKey.of;
import static org.scr4j.conf.ConfigKey.oneOf;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Every key scr4j reads. Names follow SCR's parameters (SCR_CACHE_SIZE is scr.cache.size) so SCR
 * users' batch scripts carry over. Keys of tiers (scr.tier.NAME.*) and checkpoint descriptors
 * (scr.ckpt.N.*) are families with a name or number inside.
 */
public final class ScrKeys {
    public static final String TIERS = "scr.tiers";
    public static final String PREFIX = "scr.prefix";
    public static final String CACHE_SIZE = "scr.cache.size";
    public static final String COPY_TYPE = "scr.copy.type";
    public static final String SET_SIZE = "scr.set.size";
    public static final String SET_FAILURES = "scr.set.failures";
    public static final String GROUP = "scr.group";
    public static final String GROUP_TIMEOUT = "scr.group.timeout";
    public static final String JOB_ID = "scr.job.id";
    public static final String ERASURE_CODER = "scr.erasure.coder";

    /** Redundancy schemes, as SCR names them. */
    public static final List<String> SCHEMES = List.of("SINGLE", "PARTNER", "XOR", "RS");

    private static final Map<String, ConfigKey> KEYS = Arrays.stream(new ConfigKey[] {
        of(PREFIX, KeyType.STRING),
        of("scr.cache.base", KeyType.STRING),
        of("scr.cntl.base", KeyType.STRING),
        of(CACHE_SIZE, KeyType.POSITIVE_INT),
        of(TIERS, KeyType.LIST),
        oneOf(COPY_TYPE, "SINGLE", "PARTNER", "XOR", "RS"),
        of(GROUP, KeyType.STRING),
        of(GROUP_TIMEOUT, KeyType.SECONDS),
        of(SET_SIZE, KeyType.POSITIVE_INT),
        of(SET_FAILURES, KeyType.POSITIVE_INT),
        oneOf(ERASURE_CODER, "AUTO", "VECTOR", "SCALAR", "HADOOP-JAVA"),
        of("scr.flush", KeyType.NON_NEGATIVE_INT),
        of("scr.flush.async", KeyType.BOOLEAN),
        of("scr.flush.async.bw", KeyType.BYTES),
        oneOf("scr.flush.type", "SYNC", "PTHREAD"),
        of("scr.fetch", KeyType.BOOLEAN),
        of("scr.fetch.bypass", KeyType.BOOLEAN),
        of("scr.fetch.width", KeyType.POSITIVE_INT),
        of("scr.global.restart", KeyType.BOOLEAN),
        of("scr.flush.on.restart", KeyType.BOOLEAN),
        of("scr.prefix.size", KeyType.NON_NEGATIVE_INT),
        of("scr.checkpoint.interval", KeyType.NON_NEGATIVE_INT),
        of("scr.checkpoint.seconds", KeyType.SECONDS),
        of("scr.checkpoint.overhead", KeyType.DOUBLE),
        of("scr.checkpoint.interval.auto", KeyType.BOOLEAN),
        of("scr.halt.seconds", KeyType.SECONDS),
        of("scr.halt.exit", KeyType.BOOLEAN),
        of("scr.end.time", KeyType.SECONDS),
        of("scr.file.buf.size", KeyType.BYTES),
        of("scr.runs", KeyType.INT),
        of("scr.min.nodes", KeyType.NON_NEGATIVE_INT),
        of("scr.exclude.nodes", KeyType.STRING),
        of("scr.watchdog", KeyType.BOOLEAN),
        of("scr.watchdog.timeout", KeyType.SECONDS),
        of("scr.watchdog.timeout.pfs", KeyType.SECONDS),
        of("scr.heartbeat.seconds", KeyType.SECONDS),
        of(JOB_ID, KeyType.STRING),
        of("scr.cache.bypass", KeyType.BOOLEAN),
        of("scr.crc.on.copy", KeyType.BOOLEAN),
        of("scr.crc.on.flush", KeyType.BOOLEAN),
        of("scr.crc.on.delete", KeyType.BOOLEAN),
    }).collect(Collectors.toUnmodifiableMap(ConfigKey::name, Function.identity()));

    /** SCR settings whose other value scr4j does not offer: the value it must have, and why. */
    private static final Map<String, Map.Entry<Boolean, String>> FIXED = Map.of(
            "scr.cache.bypass", Map.entry(false, "scr4j always writes datasets to the cache first; to write a level straight"
                    + " to the parallel file system, give its CKPT descriptor a STORE of type pfs"),
            "scr.crc.on.copy", Map.entry(true, "scr4j always checks CRC32C when it copies, flushes, fetches or rebuilds"),
            "scr.crc.on.flush", Map.entry(true, "scr4j always checks CRC32C when it copies, flushes, fetches or rebuilds"),
            "scr.crc.on.delete", Map.entry(true, "scr4j always checks CRC32C when it copies, flushes, fetches or rebuilds"));

    /** scr.tier.NAME.ATTRIBUTE, where ATTRIBUTE is one of {@link #TIER_ATTRIBUTES} or a type-specific option. */
    public static final Pattern TIER_KEY = Pattern.compile("scr\\.tier\\.([a-z][a-z0-9]*)\\.([a-z][a-z0-9.]*)");
    public static final Map<String, ConfigKey> TIER_ATTRIBUTES = Map.of(
            "type", of("type", KeyType.STRING),
            "base", of("base", KeyType.STRING),
            "capacity", of("capacity", KeyType.BYTES),
            "count", of("count", KeyType.POSITIVE_INT));

    /** scr.ckpt.N.ATTRIBUTE: one checkpoint descriptor (SCR's CKPT=N line). */
    public static final Pattern CKPT_KEY = Pattern.compile("scr\\.ckpt\\.(\\d+)\\.([a-z][a-z.]*)");
    public static final Map<String, ConfigKey> CKPT_ATTRIBUTES = Map.ofEntries(
            Map.entry("interval", of("interval", KeyType.POSITIVE_INT)),
            Map.entry("store", of("store", KeyType.STRING)),
            Map.entry("type", new ConfigKey("type", KeyType.ENUM, SCHEMES)),
            Map.entry("set.size", of("set.size", KeyType.POSITIVE_INT)),
            Map.entry("set.failures", of("set.failures", KeyType.POSITIVE_INT)),
            Map.entry("group", of("group", KeyType.STRING)),
            Map.entry("output", of("output", KeyType.BOOLEAN)),
            Map.entry("enabled", of("enabled", KeyType.BOOLEAN)),
            Map.entry("bypass", of("bypass", KeyType.BOOLEAN)),
            // none or zstd:LEVEL and a value width in bytes; Compression checks them and names the fix
            Map.entry("compress", of("compress", KeyType.STRING)),
            Map.entry("shuffle", of("shuffle", KeyType.INT)));

    /** Hadoop's own keys pass through to the Hadoop Configuration the pfs tier uses. */
    private static final List<String> HADOOP_PREFIXES = List.of("fs.", "dfs.", "hadoop.", "io.", "ipc.", "file.");

    private ScrKeys() {
    }

    public static Map<String, ConfigKey> all() {
        return KEYS;
    }

    public static Optional<ConfigKey> find(String key) {
        return Optional.ofNullable(KEYS.get(key));
    }

    public static boolean isHadoopKey(String key) {
        return HADOOP_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** SCR_CACHE_SIZE for scr.cache.size. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** scr.cache.size for SCR_CACHE_SIZE or scr.cache.size. */
    public static String dottedName(String key) {
        return key.startsWith("SCR_") ? key.toLowerCase(Locale.ROOT).replace('_', '.') : key;
    }

    /**
     * Null when the setting's key is known and its value valid (type-specific tier options are
     * checked later against the tier's factory), else the problem, naming what is valid.
     */
    static String check(Setting s) {
        String key = s.key();
        ConfigKey known = KEYS.get(key);
        if (known != null) {
            String why = known.check(s.value());
            if (why == null && FIXED.containsKey(key)) {
                Map.Entry<Boolean, String> fixed = FIXED.get(key);
                if (KeyType.parseBoolean(s.value()) != fixed.getKey()) {
                    why = "'" + s.value() + "' is not offered: " + fixed.getValue();
                }
            }
            return why == null ? null : describe(s) + ": " + why;
        }
        Matcher tier = TIER_KEY.matcher(key);
        if (tier.matches()) {
            ConfigKey attribute = TIER_ATTRIBUTES.get(tier.group(2));
            String why = attribute == null ? null : attribute.check(s.value());
            return why == null ? null : describe(s) + ": " + why;
        }
        Matcher ckpt = CKPT_KEY.matcher(key);
        if (ckpt.matches()) {
            ConfigKey attribute = CKPT_ATTRIBUTES.get(ckpt.group(2));
            if (attribute == null) {
                return describe(s) + ": unknown descriptor attribute '" + ckpt.group(2) + "'; valid: "
                        + CKPT_ATTRIBUTES.keySet().stream().sorted().collect(Collectors.joining(", "));
            }
            String why = attribute.check(s.value());
            return why == null ? null : describe(s) + ": " + why;
        }
        if (isHadoopKey(key)) {
            return null;
        }
        return describe(s) + ": unknown key" + suggestion(key)
                + ". Run './scr4j conf' for every key, or see conf/scr4j-default.xml";
    }

    /** "SCR_CACHE_SIZE (scr.cache.size) from job.conf:3", as the user wrote it. */
    static String describe(Setting s) {
        return envName(s.key()) + " (" + s.key() + ") from " + s.origin();
    }

    private static String suggestion(String key) {
        LevenshteinDistance distance = new LevenshteinDistance(4);
        return KEYS.keySet().stream()
                .map(k -> Map.entry(k, distance.apply(k, key)))
                .filter(e -> e.getValue() >= 0)
                .min(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey))
                .map(e -> "; did you mean " + envName(e.getKey()) + " (" + e.getKey() + ")?")
                .orElse("");
    }
}
