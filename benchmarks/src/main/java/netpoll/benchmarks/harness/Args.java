package netpoll.benchmarks.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of a subcommand: {@code --name value} or {@code --name=value}; an option given
 * without a value (followed by another option or the end) reads as {@code "true"}. Unknown
 * options, repeated options and stray words are rejected with a message that names them, so a
 * typo never silently falls back to a default.
 *
 * <p>Immutable after {@link #parse}; safe from any thread.
 */
public final class Args {

    private static final String PREFIX = "--";
    private static final String FLAG_VALUE = "true";

    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses a command line.
     *
     * @param argv the words after the subcommand
     * @param known the option names (without {@code --}) this subcommand accepts
     * @return the parsed options
     * @throws IllegalArgumentException naming the offending word and the accepted options
     */
    public static Args parse(String[] argv, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            String word = argv[i];
            if (!word.startsWith(PREFIX) || word.length() == PREFIX.length()) {
                throw new IllegalArgumentException("unexpected \"" + word
                        + "\": options look like --name value; accepted: " + names(known));
            }
            String name = word.substring(PREFIX.length());
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < argv.length && !argv[i + 1].startsWith(PREFIX)) {
                value = argv[++i];
            } else {
                value = FLAG_VALUE;
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; accepted: "
                        + names(known));
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("option --" + name + " given twice");
            }
        }
        return new Args(values);
    }

    /**
     * @param name an option name
     * @return whether the option was given
     */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /**
     * @param name an option name
     * @param fallback the value when the option is absent
     * @return the option's text
     */
    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /**
     * @param name an option name
     * @param fallback the value when the option is absent
     * @param allowed the accepted values
     * @return the option's value, one of {@code allowed}
     * @throws IllegalArgumentException naming the option and the accepted values
     */
    public String choice(String name, String fallback, List<String> allowed) {
        String value = string(name, fallback);
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException("--" + name + " " + value + " is not one of "
                    + allowed);
        }
        return value;
    }

    /**
     * @param name an option name
     * @param fallback the value when the option is absent
     * @param min the smallest accepted value
     * @param max the largest accepted value
     * @return the option's value
     * @throws IllegalArgumentException naming the option when it is not a number in range
     */
    public int integer(String name, int fallback, int min, int max) {
        String text = values.get(name);
        return text == null ? fallback : parseInt(name, text, min, max);
    }

    /**
     * A comma-separated list of integers, such as {@code --concurrency 100,500,1000}.
     *
     * @param name an option name
     * @param fallback the value when the option is absent
     * @param min the smallest accepted element
     * @param max the largest accepted element
     * @return the elements in the given order
     * @throws IllegalArgumentException naming the option and the bad element
     */
    public List<Integer> integers(String name, List<Integer> fallback, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        List<Integer> result = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            result.add(parseInt(name, part.trim(), min, max));
        }
        return List.copyOf(result);
    }

    /**
     * A comma-separated list of words, each one of {@code allowed}.
     *
     * @param name an option name
     * @param fallback the value when the option is absent
     * @param allowed the accepted words
     * @return the words in the given order
     * @throws IllegalArgumentException naming the option and the bad word
     */
    public List<String> choices(String name, List<String> fallback, List<String> allowed) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        List<String> result = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String word = part.trim();
            if (!allowed.contains(word)) {
                throw new IllegalArgumentException("--" + name + " names \"" + word
                        + "\", not one of " + allowed);
            }
            result.add(word);
        }
        return List.copyOf(result);
    }

    private static int parseInt(String name, String text, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a whole number, got \""
                    + text + "\"", e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " " + value + " is outside " + min
                    + ".." + max);
        }
        return value;
    }

    private static String names(Set<String> known) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(known));
        sorted.replaceAll(n -> PREFIX + n);
        return Arrays.toString(sorted.toArray());
    }
}
