package io.xtcp.daemon.http;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Open connections, in all and per client address. The per-address cap keeps one client (a
 * trickling attacker, a runaway script) from taking the slots /healthz and /metrics are probed
 * through: with the defaults (64 in all, 16 per address) it takes four addresses to fill the server,
 * and each of their connections is closed by the request deadline anyway; past the total the server
 * closes its oldest connection that is not being served, if it has one ({@link RequestDeadline}).
 */
final class ConnectionLimits {
    enum Admission { OPEN, TOO_MANY, TOO_MANY_FROM_ADDRESS }

    private final int max;
    private final int maxPerAddress;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();

    ConnectionLimits(int max, int maxPerAddress) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Counts a new connection from {@code from} (null: unknown); whatever the answer, {@link
     * #release} it when it closes.
     */
    Admission open(InetAddress from) {
        int n = open.incrementAndGet();
        int mine = from == null ? 1 : byAddress.merge(from, 1, Integer::sum);
        if (mine > maxPerAddress) {
            return Admission.TOO_MANY_FROM_ADDRESS;
        }
        return n > max ? Admission.TOO_MANY : Admission.OPEN;
    }

    void release(InetAddress from) {
        open.decrementAndGet();
        if (from != null) {
            byAddress.computeIfPresent(from, (k, v) -> v <= 1 ? null : v - 1);
        }
    }

    int open() {
        return open.get();
    }

    int openFrom(InetAddress from) {
        return byAddress.getOrDefault(from, 0);
    }
}
