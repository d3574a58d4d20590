package org.scr4j.conf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.scr4j.tier.TierSpec;

/**
 * SCR's configuration file format: {@code KEY=VALUE} lines, {@code #} comments, {@code $VAR}
 * expansion from the environment, and descriptor lines such as
 * {@code STORE=/ssd COUNT=2} and {@code CKPT=1 INTERVAL=4 STORE=/ssd TYPE=XOR SET_SIZE=8}.
 * Every line becomes settings in dotted form, so both file formats feed one model.
 */
final class ScrFormatSource {
    private static final Pattern PAIR = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*=\\s*(\"[^\"]*\"|[^\\s\"]*)\\s*");
    private static final Pattern ENV = Pattern.compile("\\$(?:\\{([A-Za-z_][A-Za-z0-9_.]*)}|([A-Za-z_][A-Za-z0-9_]*))");
    /** Left for scr4j to expand later: tier-base variables and references to other keys. */
    private static final Set<String> KEPT = Set.of("user", "job", "node");

    private final Path file;
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();
    private final List<Setting> settings = new ArrayList<>();
    private final Map<String, Integer> storeLines = new HashMap<>();
    private final Map<String, Integer> ckptLines = new HashMap<>();
    private final LinkedHashSet<String> tiers;
    private int tiersLine;

    private ScrFormatSource(Path file, Map<String, String> env, List<String> tiersBelow) {
        this.file = file;
        this.env = env;
        this.tiers = new LinkedHashSet<>(tiersBelow);
    }

    /**
     * Parses the file. {@code tiersBelow} is scr.tiers as the layers below set it: STORE lines
     * add their tiers to it, so a job's file adds a tier without repeating the site's.
     */
    static List<Setting> read(Path file, Map<String, String> env, List<String> tiersBelow) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e);
        }
        ScrFormatSource source = new ScrFormatSource(file, env, tiersBelow);
        for (int i = 0; i < lines.size(); i++) {
            source.line(lines.get(i), i + 1);
        }
        if (source.tiersLine > 0) {
            source.settings.add(new Setting(ScrKeys.TIERS, String.join(",", source.tiers), source.origin(source.tiersLine)));
        }
        if (!source.problems.isEmpty()) {
            throw new ConfigException(source.problems);
        }
        return source.settings;
    }

    private Origin origin(int line) {
        return Origin.line(file.toString(), line);
    }

    private void line(String text, int number) {
        int hash = text.indexOf('#');
        String content = (hash >= 0 ? text.substring(0, hash) : text).strip();
        if (content.isEmpty()) {
            return;
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        Matcher m = PAIR.matcher(content);
        int at = 0;
        while (at < content.length()) {
            if (!m.find(at) || m.start() != at) {
                problems.add(origin(number) + ": cannot read '" + content.substring(at).strip()
                        + "'; lines are KEY=VALUE, or descriptors such as 'CKPT=1 INTERVAL=4 STORE=/ssd TYPE=XOR'");
                return;
            }
            String key = m.group(1).toUpperCase(Locale.ROOT);
            if (pairs.put(key, expand(unquote(m.group(2)), number)) != null) {
                problems.add(origin(number) + ": " + key + " is given twice on one line");
            }
            at = m.end();
        }
        String first = pairs.keySet().iterator().next();
        switch (first) {
            case "STORE", "CACHE" -> store(pairs, number);
            case "CKPT" -> ckpt(pairs, number);
            default -> {
                if (pairs.size() > 1) {
                    problems.add(origin(number) + ": several settings on one line, but " + first
                            + " is not a descriptor; descriptor lines start with STORE= or CKPT=");
                }
                for (Map.Entry<String, String> e : pairs.entrySet()) {
                    settings.add(new Setting(ScrKeys.dottedName(e.getKey()), e.getValue(), origin(number)));
                }
            }
        }
    }

    private void store(Map<String, String> pairs, int number) {
        String base = pairs.containsKey("STORE") ? pairs.get("STORE") : pairs.get("CACHE");
        pairs.remove("CACHE");
        pairs.put("STORE", base);
        String type = pairs.getOrDefault("TYPE", inferType(base)).toLowerCase(Locale.ROOT);
        String name = pairs.getOrDefault("NAME", nameOf(base));
        if (!TierSpec.NAME.matcher(name).matches()) {
            problems.add(origin(number) + ": cannot name the tier of STORE=" + base + " ('" + name
                    + "' is not a valid name). Fix: add NAME=, lower-case letters and digits, such as NAME=ssd");
            return;
        }
        Integer earlier = storeLines.put(name, number);
        if (earlier != null) {
            problems.add(origin(number) + ": two tiers named '" + name + "' (the other is at line " + earlier
                    + "). Fix: give one of them another NAME=");
            return;
        }
        Origin origin = origin(number);
        String prefix = "scr.tier." + name + ".";
        settings.add(new Setting(prefix + "type", type, origin));
        // SCR keeps each user's and job's files below the store's path; so does scr4j, adding the node for simulated nodes.
        boolean global = "pfs".equals(type);
        String fullBase = base.contains("${") || global ? base : base + "/${user}/scr4j/${job}/${node}";
        settings.add(new Setting(prefix + "base", fullBase, origin));
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            String attribute = e.getKey();
            if (attribute.equals("STORE") || attribute.equals("NAME") || attribute.equals("TYPE")) {
                continue;
            }
            // Any other attribute is a type-specific option (BANDWIDTH=256m); the tier's factory says which are valid.
            settings.add(new Setting(prefix + attribute.toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue(), origin));
        }
        tiers.add(name);
        tiersLine = number;
    }

    private void ckpt(Map<String, String> pairs, int number) {
        String id = pairs.remove("CKPT");
        if (!id.matches("\\d+")) {
            problems.add(origin(number) + ": CKPT=" + id + " is not a descriptor number; use CKPT=0, CKPT=1, ...");
            return;
        }
        id = Integer.toString(Integer.parseInt(id));
        Integer earlier = ckptLines.put(id, number);
        if (earlier != null) {
            problems.add(origin(number) + ": CKPT=" + id + " is defined twice (also at line " + earlier + ")");
            return;
        }
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            String attribute = e.getKey().toLowerCase(Locale.ROOT).replace('_', '.');
            settings.add(new Setting("scr.ckpt." + id + "." + attribute, e.getValue(), origin(number)));
        }
    }

    static String inferType(String base) {
        if (base.contains("://")) {
            return "pfs";
        }
        return base.equals("/dev/shm") || base.startsWith("/dev/shm/") ? "ramdisk" : "ssd";
    }

    /**
     * SCR's default store /dev/shm is scr4j's default tier 'ram', so an SCR file's STORE=/dev/shm
     * line configures that tier; any other path is named by its last component: /mnt/ssd0 is 'ssd0'.
     */
    static String nameOf(String base) {
        if (base.replaceAll("/+$", "").equals("/dev/shm")) {
            return "ram";
        }
        String path = base.replaceAll("\\$\\{[^}]*}", "").replaceAll("/+$", "");
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private String expand(String value, int number) {
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String replacement;
            if (KEPT.contains(name) || name.contains(".")) {
                replacement = m.group();
            } else if (env.containsKey(name)) {
                replacement = env.get(name);
            } else {
                problems.add(origin(number) + ": $" + name + " is not set in the environment. Fix: export it, or write the value");
                replacement = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
