package io.xtcp.dest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one rule for values never printed (start-up line, {@code /api/status}, error messages): an
 * option whose key names a password, secret, token, credential, JAAS config or key
 * ({@code ssl.key.password}, {@code sasl.jaas.config}, {@code ssl.keystore.key},
 * {@code sasl.oauthbearer.client.credentials.client.secret}) shows as {@value #HIDDEN}, and a URL
 * loses its {@code user:password@}. The Kafka sink's own {@code key} option ({@code none} or
 * {@code hostname}, the record key) is not a secret.
 */
public final class Redaction {
    /** What a hidden value shows as. */
    public static final String HIDDEN = "***";
    private static final String[] SECRET_WORDS = {"password", "passwd", "secret", "token", "jaas", "credential", "private"};

    private Redaction() {}

    /** Whether an option named {@code key} holds a secret. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String w : SECRET_WORDS) {
            if (k.contains(w)) {
                return true;
            }
        }
        if (k.equals("key")) {
            return false;
        }
        for (String part : k.split("[._\\-]")) {
            if (part.endsWith("key")) { // ssl.keystore.key, api-key, apikey
                return true;
            }
        }
        return false;
    }

    /** {@code value}, or {@value #HIDDEN} when {@code key} names a secret. */
    public static String value(String key, String value) {
        return value != null && isSecret(key) ? HIDDEN : value;
    }

    /** The options with secret values hidden, in their order. */
    public static Map<String, String> options(Map<String, String> options) {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, value(k, v)));
        return out;
    }

    /** {@code KEY=VALUE} with the value hidden when the key names a secret (a {@code --dest-opt} as written). */
    public static String assignment(String keyValue) {
        int eq = keyValue.indexOf('=');
        return eq < 0 ? keyValue : keyValue.substring(0, eq + 1) + value(keyValue.substring(0, eq), keyValue.substring(eq + 1));
    }

    /** {@code message} with the value of every secret option in {@code options} replaced by {@value #HIDDEN}. */
    public static String scrub(String message, Map<String, String> options) {
        String out = message;
        for (Map.Entry<String, String> e : options.entrySet()) {
            if (isSecret(e.getKey()) && e.getValue() != null && !e.getValue().isEmpty()) {
                out = out.replace(e.getValue(), HIDDEN);
            }
        }
        return out;
    }

    /** A URL without its {@code user:password@}; {@code (malformed URL)} when it cannot be read. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = new URI(url.strip());
            if (u.getRawUserInfo() == null) {
                return url;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment()).toString();
        } catch (URISyntaxException e) {
            return url.contains("@") ? "(malformed URL)" : url;
        }
    }
}
