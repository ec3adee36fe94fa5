package io.xtcp.core.testing;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One socket as {@code ss --tcp --info -a} printed it: the columns of its first line and every
 * detail, keyed by the name ss gave it. Values are kept as ss's text; compound values are split
 * into dotted keys:
 *
 * <ul>
 *   <li>{@code timer:(keepalive,6.950ms,0)} → {@code timer.name}, {@code timer.expires}, {@code timer.retrans}</li>
 *   <li>{@code skmem:(r0,rb1000000,...)} → {@code skmem.r}, {@code skmem.rb}, ... {@code skmem.d}</li>
 *   <li>{@code rtt:1.996/0.787} → {@code rtt}, {@code rttvar}; {@code retrans:0/3} → {@code retrans}, {@code retrans.total}</li>
 *   <li>{@code wscale:7,9} → {@code wscale.snd}, {@code wscale.rcv}</li>
 *   <li>{@code send 58517034bps}, {@code pacing_rate 1bps/2bps}, {@code delivery_rate 3bps} → the number without
 *       {@code bps}; a pacing maximum goes to {@code pacing_rate.max}</li>
 *   <li>{@code busy:9056ms}, {@code rwnd_limited:5ms(1.2%)} → the milliseconds</li>
 *   <li>{@code bbr:(bw:1bps,mrtt:0.02,...)}, {@code dctcp:(ce_state:0,...)}, any {@code name:(k:v,...)} → {@code name.k}</li>
 * </ul>
 *
 * Bare words are options flags ({@code ts sack ecn ecnseen fastopen app_limited}) or, for any other
 * word, the congestion control name.
 */
public final class SsSocket {
    private final String state;
    private final long recvQ;
    private final long sendQ;
    private final SsEndpoint local;
    private final SsEndpoint peer;
    final Map<String, String> values = new LinkedHashMap<>();
    final Set<String> flags = new LinkedHashSet<>();
    String congestion = "";

    SsSocket(String state, long recvQ, long sendQ, SsEndpoint local, SsEndpoint peer) {
        this.state = state;
        this.recvQ = recvQ;
        this.sendQ = sendQ;
        this.local = local;
        this.peer = peer;
    }

    public String state() {
        return state;
    }

    public long recvQ() {
        return recvQ;
    }

    public long sendQ() {
        return sendQ;
    }

    public SsEndpoint local() {
        return local;
    }

    public SsEndpoint peer() {
        return peer;
    }

    /** The socket cookie ({@code sk:}, hex). */
    public long cookie() {
        return Long.parseUnsignedLong(text("sk"), 16);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The raw text of a detail; fails when ss did not print it. */
    public String text(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("ss printed no '" + key + "' for " + this);
        }
        return v;
    }

    /** An integer detail, decimal or C {@code %#x} hex ({@code tos:0x48}). */
    public long number(String key) {
        String v = text(key);
        return v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v);
    }

    /** A {@code %g} detail ({@code rtt}, {@code rto}, {@code minrtt}, ...). */
    public BigDecimal decimal(String key) {
        return new BigDecimal(text(key));
    }

    /** A bare option word ({@code ts}, {@code sack}, {@code app_limited}, ...). */
    public boolean flag(String name) {
        return flags.contains(name);
    }

    public Set<String> flags() {
        return Collections.unmodifiableSet(flags);
    }

    /** The congestion control name, or empty. */
    public String congestion() {
        return congestion;
    }

    public Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public String toString() {
        return state + " " + local + " " + peer + (values.containsKey("sk") ? " sk:" + values.get("sk") : "");
    }
}
