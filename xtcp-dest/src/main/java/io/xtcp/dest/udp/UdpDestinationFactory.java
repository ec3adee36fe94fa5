package io.xtcp.dest.udp;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationFactory;
import io.xtcp.dest.DestinationSpec;
import io.xtcp.dest.OptionValues;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code udp://host:port} with options {@code max.datagram.bytes} (default 65507),
 * {@code max.inflight} (datagrams queued in the socket's outbound buffer, default 64: each takes a
 * direct buffer of {@code max.datagram.bytes}, kept for reuse, so 4 MiB at most by default),
 * {@code send.timeout} (how long send waits for room, default 5s), {@code send.buffer.bytes}
 * (SO_SNDBUF, default the kernel's) and {@code transport} ({@code auto|epoll|nio}, default auto).
 */
public final class UdpDestinationFactory implements DestinationFactory {
    /** Datagrams in flight by default: 64 buffers of 64 KiB at most, made when needed and reused. */
    static final int DEFAULT_MAX_IN_FLIGHT = 64;

    static final Set<String> OPTIONS = Set.of("max.datagram.bytes", "max.inflight", "send.timeout", "send.buffer.bytes", "transport");

    @Override
    public String scheme() {
        return "udp";
    }

    @Override
    public Destination open(DestinationSpec spec) throws IOException {
        if (!spec.path().isEmpty() && !spec.path().equals("/")) {
            throw new IllegalArgumentException("destination '" + spec.uri() + "': expected udp://host:port");
        }
        for (String k : spec.options().keySet()) {
            if (!OPTIONS.contains(k)) {
                throw new IllegalArgumentException("destination '" + spec.uri() + "': unknown option '" + k + "'; known: "
                        + String.join(", ", new TreeSet<>(OPTIONS)));
            }
        }
        InetSocketAddress hp = spec.hostPort();
        UdpDestination.Transport transport;
        try {
            transport = UdpDestination.Transport.valueOf(spec.option("transport", "auto").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("destination '" + spec.uri() + "': transport must be auto, epoll or nio");
        }
        Duration timeout = OptionValues.duration("send.timeout", spec.option("send.timeout", "5s"));
        return new UdpDestination(spec.uri(), new InetSocketAddress(hp.getHostString(), hp.getPort()), transport,
                (int) spec.longOption("max.datagram.bytes", UdpDestination.MAX_UDP_PAYLOAD),
                (int) spec.longOption("max.inflight", DEFAULT_MAX_IN_FLIGHT), timeout,
                (int) OptionValues.bytes("send.buffer.bytes", spec.option("send.buffer.bytes", "0")));
    }
}
