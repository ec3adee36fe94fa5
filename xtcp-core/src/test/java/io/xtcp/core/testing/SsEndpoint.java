package io.xtcp.core.testing;

/**
 * One address column of {@code ss} output: {@code 0.0.0.0:22}, {@code [::ffff:127.0.0.1]:4005},
 * {@code [::]:22}, {@code *:22}, {@code 0.0.0.0:*}, {@code 127.0.0.53%lo:53}.
 *
 * @param address the address without brackets, or {@code *} for ss's dual-stack wildcard
 * @param port the port text, {@code *} when ss printed none (port 0)
 * @param scope the interface after {@code %}, or empty
 */
public record SsEndpoint(String address, String port, String scope) {

    /** Parses one address:port column. */
    public static SsEndpoint parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no port in ss address '" + text + "'");
        }
        String addr = text.substring(0, colon);
        String port = text.substring(colon + 1);
        String scope = "";
        int pct = addr.indexOf('%');
        if (pct >= 0) {
            scope = addr.substring(pct + 1);
            addr = addr.substring(0, pct);
        }
        if (addr.startsWith("[") && addr.endsWith("]")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        return new SsEndpoint(addr, port, scope);
    }

    /** Whether ss printed {@code *} for the address (the v6 wildcard of a dual-stack socket). */
    public boolean wildcardAddress() {
        return address.equals("*");
    }

    /** The port as a number; {@code *} is 0. */
    public int portNumber() {
        return port.equals("*") ? 0 : Integer.parseInt(port);
    }

    @Override
    public String toString() {
        return (address.contains(":") ? "[" + address + "]" : address) + (scope.isEmpty() ? "" : "%" + scope) + ":" + port;
    }
}
