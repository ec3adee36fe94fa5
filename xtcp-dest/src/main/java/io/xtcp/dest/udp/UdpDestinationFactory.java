package io.xtcp.dest.udp;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationFactory;
import io.xtcp.dest.DestinationOptionException;
import io.xtcp.dest.DestinationSpec;
import io.xtcp.dest.OptionValues;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

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

    /** The most datagrams in flight: each holds a direct buffer of up to 64 KiB (1024: 64 MiB). */
    static final int MAX_IN_FLIGHT = 1024;

    /** The options read and checked against their ranges. */
    private record Settings(InetSocketAddress hostPort, UdpDestination.Transport transport, int maxDatagram, int inFlight,
            Duration timeout, int sendBuffer) {}

    @Override
    public void check(DestinationSpec spec) {
        settings(spec);
    }

    private static Settings settings(DestinationSpec spec) {
        if (!spec.path().isEmpty() && !spec.path().equals("/")) {
            throw new IllegalArgumentException("destination '" + spec.uri() + "': expected udp://host:port");
        }
        spec.onlyOptions(OPTIONS);
        InetSocketAddress hp = spec.hostPort();
        UdpDestination.Transport transport;
        try {
            transport = UdpDestination.Transport.valueOf(spec.option("transport", "auto").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DestinationOptionException("destination '" + spec.uri() + "': transport must be auto, epoll or nio");
        }
        return new Settings(hp, transport,
                (int) spec.longOption("max.datagram.bytes", UdpDestination.MAX_UDP_PAYLOAD, 512, UdpDestination.MAX_UDP_PAYLOAD),
                (int) spec.longOption("max.inflight", DEFAULT_MAX_IN_FLIGHT, 1, MAX_IN_FLIGHT),
                OptionValues.duration("send.timeout", spec.option("send.timeout", "5s"), Duration.ZERO, Duration.ofHours(1)),
                (int) OptionValues.bytes("send.buffer.bytes", spec.option("send.buffer.bytes", "0"), 0, 64L << 20));
    }

    @Override
    public Destination open(DestinationSpec spec) throws IOException {
        Settings s = settings(spec);
        return new UdpDestination(spec.uri(), new InetSocketAddress(s.hostPort().getHostString(), s.hostPort().getPort()), s.transport(),
                s.maxDatagram(), s.inFlight(), s.timeout(), s.sendBuffer());
    }
}
