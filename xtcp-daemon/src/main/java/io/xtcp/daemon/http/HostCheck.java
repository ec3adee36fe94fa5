package io.xtcp.daemon.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a request's {@code Host} names this server, against DNS rebinding: a page on
 * {@code evil.example} that re-points its name at 127.0.0.1 reaches the server with
 * {@code Host: evil.example}, never with an address it does not own. Allowed: an IP literal that is
 * the bound address (any literal when bound to a wildcard address; any loopback literal when bound
 * to loopback), {@code localhost} on a loopback or wildcard bind, and the names of
 * {@code --http-allow-host}. The port is not compared (port forwards and NAT change it). Names are
 * never resolved. A request without {@code Host} (HTTP/1.0) comes from no browser and passes.
 */
final class HostCheck {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    private final InetAddress bound;
    private final boolean wildcard;
    private final boolean loopback;
    private final Set<String> names = new HashSet<>();

    HostCheck(InetAddress bound, List<String> allowHosts) {
        this.bound = bound;
        this.wildcard = bound.isAnyLocalAddress();
        this.loopback = bound.isLoopbackAddress();
        for (String h : allowHosts) {
            names.add(h.toLowerCase(Locale.ROOT));
        }
    }

    /** Null when {@code host} (the header's value, or null) is allowed; else why not, for a 421 body. */
    String problem(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        String name;
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0 || (end + 1 < h.length() && !port(h.substring(end + 1)))) {
                return refusal(host);
            }
            name = h.substring(1, end);
            if (!IPV6.matcher(name).matches()) {
                return refusal(host);
            }
            return literalAllowed(name) ? null : refusal(host);
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && (h.indexOf(':', colon + 1) >= 0 || !port(h.substring(colon)))) {
            return refusal(host);
        }
        name = colon >= 0 ? h.substring(0, colon) : h;
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (IPV4.matcher(name).matches()) {
            return literalAllowed(name) ? null : refusal(host);
        }
        if (names.contains(name)) {
            return null;
        }
        if ((loopback || wildcard) && (name.equals("localhost") || name.endsWith(".localhost"))) {
            return null;
        }
        return refusal(host);
    }

    private static boolean port(String s) {
        return s.length() >= 2 && s.length() <= 6 && s.charAt(0) == ':' && s.substring(1).chars().allMatch(Character::isDigit);
    }

    private boolean literalAllowed(String literal) {
        InetAddress a;
        try {
            a = InetAddress.getByName(literal); // a literal: never a lookup
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
        return wildcard || a.equals(bound) || (loopback && a.isLoopbackAddress());
    }

    private static String refusal(String host) {
        String shown = host.length() > 64 ? host.substring(0, 64) + "..." : host;
        return "Host '" + shown + "' is not this server's address or an allowed name (--http-allow-host)";
    }
}
