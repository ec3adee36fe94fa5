package io.xtcp.core.pcap;

import io.xtcp.core.netlink.NetlinkChannel;
import io.xtcp.core.netlink.NlMsgHdr;
import io.xtcp.core.netlink.Netlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Replays the kernel's side of a capture: {@link #receive} returns the captured reply datagrams in
 * order, skipping the requests the capturing tool sent and the packets of other netlink protocols
 * (an nlmon capture also holds e.g. rtnetlink traffic, whose type numbers overlap inet_diag's).
 * {@link #send} only counts. Owns the capture: {@link #close} closes it.
 */
public final class PcapReplayChannel implements NetlinkChannel {
    private final PcapFile capture;
    private int requestsSeen;
    private int otherProtocols;
    private int sends;

    public PcapReplayChannel(PcapFile capture) {
        this.capture = capture;
    }

    @Override
    public void send(ByteBuffer request) {
        sends++;
    }

    @Override
    public int receive(ByteBuffer rx) {
        while (true) {
            int n = capture.next(rx);
            if (n < 0) {
                return -1;
            }
            if (capture.protocol() != Netlink.NETLINK_SOCK_DIAG) {
                otherProtocols++;
                continue;
            }
            if (n >= NlMsgHdr.SIZE && (Short.toUnsignedInt(rx.getShort(NlMsgHdr.FLAGS_OFFSET)) & Netlink.NLM_F_REQUEST) != 0) {
                requestsSeen++;
                continue;
            }
            return n;
        }
    }

    /** Requests found (and skipped) in the capture. */
    public int requestsSeen() {
        return requestsSeen;
    }

    /** Packets of other netlink protocols (rtnetlink, ...) found (and skipped) in the capture. */
    public int otherProtocolPackets() {
        return otherProtocols;
    }

    public int sends() {
        return sends;
    }

    public PcapFile capture() {
        return capture;
    }

    /** Closes the capture's file. */
    @Override
    public void close() {
        try {
            capture.close();
        } catch (IOException e) {
            throw new UncheckedIOException(capture.name() + ": closing the capture failed", e);
        }
    }
}
