package io.xtcp.core.netlink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Runs inet_diag dumps over a {@link NetlinkChannel} and walks the multi-part replies:
 * nlmsghdr by nlmsghdr until NLMSG_DONE, handing each socket to a {@link SocketHandler}.
 *
 * <p>Parsing is total. A bad length, a short reply, a bad attribute or a foreign sequence
 * number is counted in {@link DumpStats} and skipped; NLMSG_ERROR ends the dump at once with
 * the errno. Only I/O failures of the channel itself are thrown. One instance per thread: the
 * receive buffer and flyweights are reused for every message. Each datagram is received into
 * native memory and copied once into a heap array that the flyweights and decoders read: array
 * reads cost less than {@code ByteBuffer} reads, and the copy (one memcpy per ~70 sockets) less
 * than the difference.
 */
public final class InetDiagDumper {
    /** The kernel fills at most ~32 KiB per recv; 64 KiB is never short. */
    public static final int DEFAULT_BUFFER_SIZE = 64 * 1024;

    /** For {@link #readReplies}: accept replies of either inet_diag request type (replays). */
    public static final int ANY_REPLY_TYPE = -1;
    /** The errno reported for an NLMSG_ERROR too short to hold one. */
    public static final int EBADMSG = 74;

    private final ByteBuffer rx;
    private final byte[] data;
    private final NlMsgHdr hdr = new NlMsgHdr();
    private final InetDiagMsg msg = new InetDiagMsg();
    private final DiagAttributes attrs = new DiagAttributes();
    private final DumpStats stats;
    private boolean checkSequence = true;
    private int seq = (int) (System.nanoTime() & 0x3FFFFFFF);

    public InetDiagDumper(DumpStats stats) {
        this(stats, DEFAULT_BUFFER_SIZE);
    }

    public InetDiagDumper(DumpStats stats, int bufferSize) {
        this.stats = stats;
        this.rx = ByteBuffer.allocateDirect(bufferSize).order(ByteOrder.nativeOrder());
        this.data = new byte[bufferSize];
    }

    /** Replays of captures carry the capturing tool's sequence numbers: turn the check off there. */
    public InetDiagDumper checkSequence(boolean check) {
        this.checkSequence = check;
        return this;
    }

    public DumpStats stats() {
        return stats;
    }

    /** Sends each request of {@code request} in turn and walks its replies. */
    public DumpResult dump(NetlinkChannel channel, DumpRequest request, SocketHandler handler) throws IOException {
        stats.dumps++;
        for (int i = 0; i < request.count(); i++) {
            int s = nextSeq();
            channel.send(request.request(i, s));
            DumpResult r = readReplies(channel, request.replyType(), s, handler);
            if (r != DumpResult.DONE) {
                return r;
            }
        }
        return DumpResult.DONE;
    }

    /** Walks replies already requested (a replay) until NLMSG_DONE. */
    public DumpResult readReplies(NetlinkChannel channel, int replyType, int expectedSeq, SocketHandler handler)
            throws IOException {
        while (true) {
            int n = channel.receive(rx);
            if (n < 0) {
                return DumpResult.END_OF_STREAM;
            }
            stats.datagrams++;
            stats.bytes += n;
            byte[] d = data;
            rx.get(0, d, 0, n);
            int pos = 0;
            while (pos + NlMsgHdr.SIZE <= n) {
                hdr.wrap(d, pos);
                int len = hdr.length();
                if (len < NlMsgHdr.SIZE || len > n - pos) {
                    stats.malformedMessages++;
                    break;
                }
                stats.messages++;
                if (checkSequence && hdr.seq() != expectedSeq) {
                    stats.sequenceMismatches++;
                    pos += Netlink.align(len);
                    continue;
                }
                if ((hdr.flags() & Netlink.NLM_F_DUMP_INTR) != 0) {
                    stats.interrupted++;
                }
                int type = hdr.type();
                if (type == replyType || (replyType == ANY_REPLY_TYPE
                        && (type == Netlink.SOCK_DIAG_BY_FAMILY || type == Netlink.TCPDIAG_GETSOCK))) {
                    onReply(d, pos, len, handler);
                } else if (type == Netlink.NLMSG_DONE) {
                    return onDone(d, pos, len);
                } else if (type == Netlink.NLMSG_ERROR) {
                    if (len < NlMsgHdr.SIZE + 4) {
                        stats.malformedMessages++;
                        stats.errors++;
                        stats.lastErrno = EBADMSG;
                        return DumpResult.ERROR;
                    }
                    int err = NativeBytes.i32(d, pos + NlMsgHdr.SIZE);
                    if (err != 0) {
                        stats.errors++;
                        stats.lastErrno = -err;
                        return DumpResult.ERROR;
                    }
                } else if (type != Netlink.NLMSG_NOOP) {
                    stats.unexpectedTypes++;
                }
                pos += Netlink.align(len);
            }
            if (pos < n && n - pos < NlMsgHdr.SIZE) {
                stats.malformedMessages++; // trailing bytes too short for a header
            }
        }
    }

    private void onReply(byte[] d, int pos, int len, SocketHandler handler) {
        int payload = pos + NlMsgHdr.SIZE;
        if (len - NlMsgHdr.SIZE < InetDiagMsg.SIZE) {
            stats.shortMessages++;
            return;
        }
        msg.wrap(d, payload);
        attrs.index(d, payload + InetDiagMsg.SIZE, pos + len);
        if (attrs.malformed()) {
            stats.malformedAttributes++;
        }
        stats.unknownAttributes += attrs.unknownCount();
        stats.sockets++;
        handler.onSocket(msg, attrs);
    }

    private DumpResult onDone(byte[] d, int pos, int len) {
        if (len >= NlMsgHdr.SIZE + 4) {
            int err = NativeBytes.i32(d, pos + NlMsgHdr.SIZE);
            if (err < 0) {
                stats.errors++;
                stats.lastErrno = -err;
                return DumpResult.ERROR;
            }
        }
        return DumpResult.DONE;
    }

    private int nextSeq() {
        seq = (seq + 1) & 0x3FFFFFFF;
        return seq == 0 ? ++seq : seq;
    }
}
