package org.scr4j.launch.slurm;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Slurm host list expressions, such as {@code n[1-4,7]} or {@code a1,b[01-03]}: items separated by
 * commas outside brackets, each a plain name or a prefix followed by one bracket group of numbers
 * and ranges. A range keeps the width of its first number ({@code [08-10]} is 08, 09, 10), as
 * Slurm's own parser does. Order and duplicates are kept: the order of an allocation matters.
 */
public final class HostList {
    /** Larger expressions are rejected rather than filling the heap: no allocation is that big. */
    static final int MAX_HOSTS = 1_000_000;

    private HostList() {
    }

    /** The host names the expression stands for, in its order. */
    public static List<String> parse(String expression) {
        requireNonNull(expression, "host list is null");
        String text = expression.strip();
        if (text.isEmpty()) {
            throw error(expression, "it is empty");
        }
        List<String> hosts = new ArrayList<>();
        int start = 0;
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[') {
                if (depth > 0) {
                    throw error(expression, "'[' at " + i + " inside another bracket group");
                }
                depth++;
            } else if (c == ']') {
                if (depth == 0) {
                    throw error(expression, "']' at " + i + " without its '['");
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                expandItem(expression, text.substring(start, i), hosts);
                start = i + 1;
            } else if (Character.isWhitespace(c)) {
                throw error(expression, "white space at " + i + "; separate hosts with commas only");
            }
        }
        if (depth > 0) {
            throw error(expression, "a '[' is never closed");
        }
        expandItem(expression, text.substring(start), hosts);
        return List.copyOf(hosts);
    }

    private static void expandItem(String expression, String item, List<String> hosts) {
        if (item.isEmpty()) {
            throw error(expression, "an empty host name (two commas in a row, or one at an end)");
        }
        int open = item.indexOf('[');
        if (open < 0) {
            add(expression, hosts, item);
            return;
        }
        int close = item.indexOf(']');
        if (close != item.length() - 1) {
            throw error(expression, "'" + item + "' has text after its ']' or a second bracket group; "
                    + "only prefix[ranges] is supported");
        }
        String prefix = item.substring(0, open);
        String body = item.substring(open + 1, close);
        if (body.isEmpty()) {
            throw error(expression, "'" + item + "' has empty brackets");
        }
        for (String part : body.split(",", -1)) {
            expandRange(expression, prefix, part, hosts);
        }
    }

    private static void expandRange(String expression, String prefix, String part, List<String> hosts) {
        int dash = part.indexOf('-');
        String lo = dash < 0 ? part : part.substring(0, dash);
        String hi = dash < 0 ? part : part.substring(dash + 1);
        if (!isDigits(lo) || !isDigits(hi)) {
            throw error(expression, "'" + part + "' in brackets is not a number or a range like 1-4 or 01-12");
        }
        long from = number(expression, lo);
        long to = number(expression, hi);
        if (to < from) {
            throw error(expression, "the range " + part + " runs backwards");
        }
        if (to - from >= MAX_HOSTS - hosts.size()) {
            throw error(expression, "it names more than " + MAX_HOSTS + " hosts");
        }
        for (long n = from; n <= to; n++) {
            add(expression, hosts, prefix + pad(n, lo.length()));
        }
    }

    private static void add(String expression, List<String> hosts, String host) {
        if (hosts.size() >= MAX_HOSTS) {
            throw error(expression, "it names more than " + MAX_HOSTS + " hosts");
        }
        hosts.add(host);
    }

    private static long number(String expression, String digits) {
        if (digits.length() > 18) {
            throw error(expression, "the number " + digits + " is too large");
        }
        return Long.parseLong(digits);
    }

    /**
     * The shortest expression this class writes for the hosts, in their order: runs of neighbours
     * that differ only in a trailing number share one bracket group ({@code n1,n2,n3,n7} is
     * {@code n[1-3,7]}, {@code n1,n4,n3} is {@code n[1,4,3]}). {@link #parse} gives the list back.
     */
    public static String format(List<String> hosts) {
        requireNonNull(hosts, "hosts is null");
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("cannot write an empty host list: Slurm has no expression for it");
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < hosts.size()) {
            Name first = Name.of(hosts.get(i));
            int end = i + 1;
            while (end < hosts.size() && first.numbered() && Name.of(hosts.get(end)).sharesPrefix(first)) {
                end++;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            if (end - i == 1) {
                out.append(hosts.get(i));
            } else {
                out.append(first.prefix()).append('[').append(ranges(hosts.subList(i, end))).append(']');
            }
            i = end;
        }
        return out.toString();
    }

    /** "1-3,7" for the numbers of hosts that share one prefix. */
    private static String ranges(List<String> group) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < group.size()) {
            Name lo = Name.of(group.get(i));
            int end = i + 1;
            // A range continues while the next number is one more and reads as the range would write it.
            while (end < group.size()) {
                Name next = Name.of(group.get(end));
                long expected = Name.of(group.get(end - 1)).value() + 1;
                if (next.value() != expected || !next.digits().equals(pad(expected, lo.digits().length()))) {
                    break;
                }
                end++;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(lo.digits());
            if (end - i > 1) {
                out.append('-').append(Name.of(group.get(end - 1)).digits());
            }
            i = end;
        }
        return out.toString();
    }

    private static String pad(long n, int width) {
        String digits = Long.toString(n);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.chars().allMatch(HostList::isDigit);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException error(String expression, String problem) {
        return new IllegalArgumentException("bad Slurm host list '" + expression + "': " + problem
                + " (expected names like n1,n2 or n[1-4,7] or b[01-03])");
    }

    /** A host name split into a prefix and its trailing number, if any (at most 18 digits, so it fits a long). */
    private record Name(String prefix, String digits) {
        static Name of(String host) {
            if (host.isEmpty() || host.chars().anyMatch(c -> c == '[' || c == ']' || c == ',' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("'" + host + "' is not a host name: it is empty or holds brackets, commas or spaces");
            }
            int cut = host.length();
            while (cut > 0 && host.length() - cut < 18 && isDigit(host.charAt(cut - 1))) {
                cut--;
            }
            return new Name(host.substring(0, cut), host.substring(cut));
        }

        boolean numbered() {
            return !digits.isEmpty();
        }

        boolean sharesPrefix(Name other) {
            return numbered() && prefix.equals(other.prefix);
        }

        long value() {
            return Long.parseLong(digits);
        }
    }
}
