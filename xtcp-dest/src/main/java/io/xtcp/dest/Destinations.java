package io.xtcp.dest;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a {@link Destination} from a URI with the {@link DestinationFactory} registered for its
 * scheme: {@code udp://host:port}, {@code kafka://b1:9092,b2:9092/topic}, {@code file:///path},
 * {@code stdout:}, {@code null:}.
 */
public final class Destinations {
    private static final Pattern URI = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(.*)", Pattern.DOTALL);

    private Destinations() {}

    /** Opens {@code uri} with no stream header. */
    public static Destination open(String uri, Map<String, String> options) throws IOException {
        return open(uri, options, new byte[0]);
    }

    /**
     * Opens {@code uri}.
     *
     * @param header written at the start of every stream the sink opens (a CSV header line); may be empty
     * @throws IllegalArgumentException for a malformed URI, an unknown scheme (the message lists
     *     the known ones) or an invalid option
     */
    public static Destination open(String uri, Map<String, String> options, byte[] header) throws IOException {
        check(uri, options);
        DestinationSpec spec = parse(uri, options, header);
        return factories().get(spec.scheme()).open(spec);
    }

    /**
     * Parses {@code uri} and checks it and its options with its factory ({@link DestinationFactory#check}),
     * without opening anything. Problems are IllegalArgumentExceptions ({@link DestinationOptionException}
     * for an option) whose messages hide secret option values.
     */
    public static void check(String uri, Map<String, String> options) {
        DestinationSpec spec = parse(uri, options, null);
        try {
            factories().get(spec.scheme()).check(spec);
        } catch (DestinationOptionException e) {
            throw new DestinationOptionException(scrubbed(e.getMessage(), spec));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(scrubbed(e.getMessage(), spec));
        }
    }

    /** A message without the secret options' values or the URI's {@code user:password@}. */
    private static String scrubbed(String message, DestinationSpec spec) {
        return Redaction.scrub(message, spec.options()).replace(spec.uri(), Redaction.url(spec.uri()));
    }

    /** Parses and checks the scheme, without opening anything. */
    public static DestinationSpec parse(String uri, Map<String, String> options, byte[] header) {
        Map<String, DestinationFactory> known = factories();
        Matcher m = uri == null ? null : URI.matcher(uri.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("bad destination URI '" + uri + "': expected scheme:target; known schemes: "
                    + schemes(known));
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!known.containsKey(scheme)) {
            throw new IllegalArgumentException("unknown destination scheme '" + scheme + "' in '" + uri + "'; known schemes: "
                    + schemes(known));
        }
        String rest = m.group(2);
        String authority = "";
        String path = rest;
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
            path = slash < 0 ? "" : rest.substring(slash);
        }
        return new DestinationSpec(uri.trim(), scheme, authority, path, options, header);
    }

    /** The registered factories by scheme. */
    public static Map<String, DestinationFactory> factories() {
        Map<String, DestinationFactory> map = new TreeMap<>();
        for (DestinationFactory f : ServiceLoader.load(DestinationFactory.class, Destinations.class.getClassLoader())) {
            map.putIfAbsent(f.scheme().toLowerCase(Locale.ROOT), f);
        }
        return map;
    }

    private static String schemes(Map<String, DestinationFactory> known) {
        StringBuilder sb = new StringBuilder();
        for (String s : known.keySet()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(s).append(':');
        }
        return sb.toString();
    }
}
