package org.scr4j.conf;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.scr4j.compress.Compression;
import org.scr4j.tier.TierSpec;

/**
 * The effective configuration: every key's value and where it came from, checked as a whole.
 * Immutable; build it with {@link ConfigLoader}.
 */
public final class ScrConfig {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(scr\\.[a-z0-9.]+)}");

    private final SortedMap<String, Setting> settings;
    private final List<TierSpec> tiers;
    private final List<Descriptor> descriptors;

    private ScrConfig(SortedMap<String, Setting> settings, List<TierSpec> tiers, List<Descriptor> descriptors) {
        this.settings = Collections.unmodifiableSortedMap(settings);
        this.tiers = List.copyOf(tiers);
        this.descriptors = List.copyOf(descriptors);
    }

    /** Checks merged settings; throws {@link ConfigException} listing every problem. */
    static ScrConfig check(Map<String, Setting> merged) {
        List<String> problems = new ArrayList<>();
        SortedMap<String, Setting> resolved = new TreeMap<>();
        for (Setting s : merged.values()) {
            resolved.put(s.key(), new Setting(s.key(), resolve(s, merged, problems, new LinkedHashSet<>()), s.origin()));
        }
        for (Setting s : resolved.values()) {
            String problem = ScrKeys.check(s);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        List<TierSpec> tiers = tiers(resolved, problems);
        List<Descriptor> descriptors = descriptors(resolved, tiers, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ScrConfig(resolved, tiers, descriptors);
    }

    /** Replaces ${scr.key} with that key's value, following chains, refusing loops and unknown keys. */
    private static String resolve(Setting s, Map<String, Setting> merged, List<String> problems, Set<String> seen) {
        if (!seen.add(s.key())) {
            problems.add(ScrKeys.describe(s) + ": refers to itself through " + String.join(" -> ", seen));
            return s.value();
        }
        Matcher m = REFERENCE.matcher(s.value());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Setting target = merged.get(m.group(1));
            String value;
            if (target == null) {
                problems.add(ScrKeys.describe(s) + ": refers to ${" + m.group(1) + "}, which is not set");
                value = m.group();
            } else {
                value = resolve(target, merged, problems, new LinkedHashSet<>(seen));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<TierSpec> tiers(SortedMap<String, Setting> settings, List<String> problems) {
        Setting list = settings.get(ScrKeys.TIERS);
        List<String> names = new ArrayList<>();
        for (String name : list.value().split(",")) {
            name = name.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!TierSpec.NAME.matcher(name).matches()) {
                problems.add(ScrKeys.describe(list) + ": tier name '" + name + "' is not valid; use lower-case letters and digits");
            } else if (names.contains(name)) {
                problems.add(ScrKeys.describe(list) + ": two tiers named '" + name + "'; each tier needs a name of its own");
            } else {
                names.add(name);
            }
        }
        if (names.isEmpty() && problems.isEmpty()) {
            problems.add(ScrKeys.describe(list) + ": no tier is listed; name at least one, such as 'ram'");
        }
        Map<String, Map<String, Setting>> byTier = new HashMap<>();
        for (Setting s : settings.values()) {
            Matcher m = ScrKeys.TIER_KEY.matcher(s.key());
            if (m.matches()) {
                byTier.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2), s);
                if (!names.contains(m.group(1)) && !s.origin().text().equals(ConfigLoader.DEFAULTS)) {
                    problems.add(ScrKeys.describe(s) + ": tier '" + m.group(1) + "' is not listed in " + ScrKeys.TIERS + " ("
                            + String.join(",", names) + ", from " + list.origin() + "). Fix: add it there, or remove this setting");
                }
            }
        }
        List<TierSpec> specs = new ArrayList<>();
        Map<String, String> bases = new HashMap<>();
        for (String name : names) {
            Map<String, Setting> attributes = byTier.getOrDefault(name, Map.of());
            Setting type = attributes.get("type");
            Setting base = attributes.get("base");
            if (type == null || base == null) {
                problems.add("tier '" + name + "' (listed in " + ScrKeys.TIERS + " from " + list.origin() + ") has no "
                        + (type == null ? "scr.tier." + name + ".type" : "scr.tier." + name + ".base")
                        + ". Fix: set it, or in an SCR-format file add a line such as 'STORE=/ssd NAME=" + name + " TYPE=ssd'");
                continue;
            }
            String other = bases.putIfAbsent(base.value().strip(), name);
            if (other != null) {
                problems.add(ScrKeys.describe(base) + ": tiers '" + other + "' and '" + name + "' share the base " + base.value()
                        + "; each tier needs a directory of its own, or one would delete the other's datasets");
            }
            Setting capacity = attributes.get("capacity");
            Map<String, String> options = new LinkedHashMap<>();
            attributes.forEach((k, v) -> {
                if (!ScrKeys.TIER_ATTRIBUTES.containsKey(k)) {
                    options.put(k, v.value());
                }
            });
            specs.add(new TierSpec(name, type.value().strip().toLowerCase(Locale.ROOT), base.value().strip(),
                    capacity == null ? OptionalLong.empty() : OptionalLong.of(Bytes.parse(capacity.value())), options));
        }
        return specs;
    }

    private static List<Descriptor> descriptors(SortedMap<String, Setting> settings, List<TierSpec> tiers, List<String> problems) {
        Map<Integer, Map<String, Setting>> byId = new TreeMap<>();
        for (Setting s : settings.values()) {
            Matcher m = ScrKeys.CKPT_KEY.matcher(s.key());
            if (m.matches()) {
                byId.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new HashMap<>()).put(m.group(2), s);
            }
        }
        if (tiers.isEmpty()) {
            return List.of();
        }
        if (byId.isEmpty()) {
            byId.put(0, Map.of()); // SCR's implicit descriptor: every checkpoint to the first tier
        }
        List<Descriptor> descriptors = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Setting>> e : byId.entrySet()) {
            Map<String, Setting> a = e.getValue();
            Setting store = a.get("store");
            String tier = tiers.get(0).name();
            if (store != null) {
                Optional<String> found = findTier(store.value().strip(), tiers);
                if (found.isEmpty()) {
                    problems.add(ScrKeys.describe(store) + ": no tier is named or based at '" + store.value() + "'; tiers: "
                            + String.join(", ", tiers.stream().map(t -> t.name() + " (" + t.base() + ")").toList()));
                    continue;
                }
                tier = found.get();
            }
            Setting bypass = a.get("bypass");
            if (bypass != null && KeyType.parseBoolean(bypass.value())) {
                problems.add(ScrKeys.describe(bypass) + ": BYPASS=1 is not offered: scr4j always writes datasets to the cache"
                        + " first; to write a level straight to the parallel file system, give it a STORE of type pfs");
            }
            descriptors.add(new Descriptor(e.getKey(),
                    integer(a, "interval", "1"),
                    tier,
                    value(a, "type", settings.get(ScrKeys.COPY_TYPE).value()).toUpperCase(Locale.ROOT),
                    integer(a, "set.size", settings.get(ScrKeys.SET_SIZE).value()),
                    integer(a, "set.failures", settings.get(ScrKeys.SET_FAILURES).value()),
                    value(a, "group", settings.get(ScrKeys.GROUP).value()),
                    KeyType.parseBoolean(value(a, "output", "0")),
                    KeyType.parseBoolean(value(a, "enabled", "1")),
                    compression(a, problems)));
        }
        if (problems.isEmpty() && descriptors.stream().noneMatch(d -> d.enabled() && d.interval() == 1)) {
            problems.add("no enabled checkpoint descriptor has INTERVAL=1, so some checkpoints would have no level. Fix: add one,"
                    + " such as 'CKPT=0 INTERVAL=1 STORE=" + tiers.get(0).name() + " TYPE=XOR' (scr.ckpt.0.interval=1)");
        }
        return descriptors;
    }

    /** COMPRESS= and SHUFFLE=; a bad value becomes a problem that names its key and what is offered. */
    private static Compression compression(Map<String, Setting> attributes, List<String> problems) {
        Setting compress = attributes.get("compress");
        Setting shuffle = attributes.get("shuffle");
        Compression compression = Compression.NONE;
        if (compress != null) {
            try {
                compression = Compression.parse(compress.value());
            } catch (IllegalArgumentException e) {
                problems.add(ScrKeys.describe(compress) + ": " + e.getMessage());
                return Compression.NONE;
            }
        }
        if (shuffle != null) {
            try {
                compression = compression.withShuffle(Integer.parseInt(shuffle.value().strip()));
            } catch (IllegalArgumentException e) {
                problems.add(ScrKeys.describe(shuffle) + ": " + e.getMessage());
            }
        }
        return compression;
    }

    /** A descriptor's STORE is a tier name or, as in SCR, the path a tier is based at (STORE=/dev/shm). */
    private static Optional<String> findTier(String store, List<TierSpec> tiers) {
        for (TierSpec t : tiers) {
            if (t.name().equals(store)) {
                return Optional.of(t.name());
            }
        }
        String path = store.replaceAll("/+$", "");
        return tiers.stream()
                .filter(t -> t.base().equals(path) || t.base().startsWith(path + "/${"))
                .map(TierSpec::name)
                .findFirst();
    }

    private static String value(Map<String, Setting> attributes, String key, String defaultValue) {
        Setting s = attributes.get(key);
        return s == null ? defaultValue.strip() : s.value().strip();
    }

    private static int integer(Map<String, Setting> attributes, String key, String defaultValue) {
        return Integer.parseInt(value(attributes, key, defaultValue));
    }

    /** Every effective setting by key, with resolved values. */
    public SortedMap<String, Setting> settings() {
        return settings;
    }

    public Setting setting(String key) {
        Setting s = settings.get(key);
        if (s == null) {
            throw new IllegalArgumentException("no value for " + key);
        }
        return s;
    }

    public String get(String key) {
        return setting(key).value().strip();
    }

    public int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    public long getLong(String key) {
        return Long.parseLong(get(key));
    }

    public double getDouble(String key) {
        return Double.parseDouble(get(key));
    }

    public long getBytes(String key) {
        return Bytes.parse(get(key));
    }

    public boolean getBoolean(String key) {
        return KeyType.parseBoolean(get(key));
    }

    /** The tiers, fastest first, in the order of scr.tiers. */
    public List<TierSpec> tiers() {
        return tiers;
    }

    public List<Descriptor> descriptors() {
        return descriptors;
    }

    /** A Hadoop Configuration carrying every setting, each with its origin as the property source. */
    public Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        settings.values().forEach(s -> conf.set(s.key(), s.value(), s.origin().text()));
        return conf;
    }
}
