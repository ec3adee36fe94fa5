package io.xtcp.core.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.NetlinkChannel;
import io.xtcp.core.netlink.NsidMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lookup against a scripted channel: the RTM_GETNSID it sends, and what it makes of RTM_NEWNSID / NLMSG_ERROR replies. */
class NsidLookupTest {
    /** Records what is sent; answers with the queued datagrams (a reply's seq is patched in when 0). */
    static final class Scripted implements NetlinkChannel {
        final List<byte[]> sent = new ArrayList<>();
        final Deque<byte[]> replies = new ArrayDeque<>();
        int closes;

        @Override
        public void send(ByteBuffer request) {
            byte[] b = new byte[request.limit()];
            request.get(0, b);
            sent.add(b);
        }

        @Override
        public int receive(ByteBuffer rx) {
            byte[] b = replies.poll();
            if (b == null) {
                return -1;
            }
            rx.clear();
            rx.put(0, b);
            rx.limit(b.length);
            return b.length;
        }

        @Override
        public void close() {
            closes++;
        }
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    }

    /** nlmsghdr + rtgenmsg(+3 pad) + NETNSA_NSID attribute, built field by field. */
    static byte[] newNsid(int seq, int nsid) {
        ByteBuffer b = le(28);
        b.putInt(28).putShort((short) 88).putShort((short) 0).putInt(seq).putInt(0);
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        b.putShort((short) 8).putShort((short) 1).putInt(nsid);
        return b.array();
    }

    static byte[] nlmsgError(int seq, int negErrno) {
        ByteBuffer b = le(36);
        b.putInt(36).putShort((short) 2).putShort((short) 0).putInt(seq).putInt(0);
        b.putInt(negErrno);
        b.putInt(28).putShort((short) 90).putShort((short) 1).putInt(seq).putInt(0); // the echoed request header
        return b.array();
    }

    @Test
    void requestIsHeaderRtgenmsgAndNetnsaFd() {
        Scripted ch = new Scripted();
        ch.replies.add(newNsid(1, 42));
        try (NsidLookup l = new NsidLookup(ch)) {
            assertEquals(42, l.lookup(7));
        }
        ByteBuffer want = le(28);
        want.putInt(28).putShort((short) 90).putShort((short) 1).putInt(1).putInt(0); // len, RTM_GETNSID, NLM_F_REQUEST, seq 1, pid 0
        want.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // rtgen_family AF_UNSPEC + pad
        want.putShort((short) 8).putShort((short) 3).putInt(7); // NETNSA_FD = 7
        assertEquals(1, ch.sent.size());
        assertArrayEquals(want.array(), ch.sent.get(0));
        assertEquals(28, NsidMessage.REQUEST_LEN);
    }

    @Test
    void notAssignedIsZeroAndNotAnError() {
        Scripted ch = new Scripted();
        ch.replies.add(newNsid(1, -1));
        NsidLookup l = new NsidLookup(ch);
        assertEquals(0, l.lookup(5));
        assertEquals(0, l.errors());
    }

    @Test
    void kernelErrorIsZeroCounted() {
        Scripted ch = new Scripted();
        ch.replies.add(nlmsgError(1, -Errno.EINVAL));
        NsidLookup l = new NsidLookup(ch);
        assertEquals(0, l.lookup(5));
        assertEquals(1, l.errors());
        assertNotNull(l.lastError());
        assertTrue(l.lastError().contains("EINVAL"), l.lastError());
    }

    @Test
    void staleReplyOfAnEarlierLookupIsSkipped() {
        Scripted ch = new Scripted();
        // lookup 1 gets no answer (the channel runs dry, as after a timeout) ...
        NsidLookup l = new NsidLookup(ch);
        assertEquals(0, l.lookup(5));
        assertEquals(1, l.errors());
        // ... which arrives late, ahead of lookup 2's own
        ch.replies.add(newNsid(1, 9));
        ch.replies.add(newNsid(2, 3));
        assertEquals(3, l.lookup(6));
        assertEquals(1, l.errors());
        assertEquals(2, ch.sent.size());
        assertEquals(2, ByteBuffer.wrap(ch.sent.get(1)).order(ByteOrder.nativeOrder()).getInt(8), "seq of the second request");
    }

    @Test
    void twoMessagesInOneDatagram() {
        byte[] a = newNsid(7, 11);
        byte[] b = newNsid(8, 12);
        ByteBuffer both = ByteBuffer.allocate(a.length + b.length).put(a).put(b);
        both.flip();
        assertEquals(new NsidMessage.Reply(12, 0), parse(both, 8));
        assertEquals(new NsidMessage.Reply(11, 0), parse(both, 7));
        assertEquals(null, parse(both, 9));
    }

    @Test
    void malformedLengthIsAnErrorNotAThrow() {
        Scripted ch = new Scripted();
        byte[] bad = newNsid(1, 42);
        ByteBuffer.wrap(bad).order(ByteOrder.nativeOrder()).putInt(0, 4000);
        ch.replies.add(bad);
        NsidLookup l = new NsidLookup(ch);
        assertEquals(0, l.lookup(5));
        assertEquals(1, l.errors());
    }

    @Test
    void closedOrUnopenedAnswersZeroAndCloseIsIdempotent() {
        Scripted ch = new Scripted();
        NsidLookup l = new NsidLookup(ch);
        l.close();
        l.close();
        assertEquals(1, ch.closes);
        assertEquals(0, l.lookup(5));
        assertEquals(1, l.errors());
        assertTrue(ch.sent.isEmpty());

        NsidLookup none = new NsidLookup(null);
        assertEquals(0, none.lookup(5));
        assertEquals(1, none.errors());
        none.close();
    }

    private static NsidMessage.Reply parse(ByteBuffer heap, int seq) {
        byte[] rx = new byte[heap.limit()];
        heap.get(0, rx);
        try {
            return NsidMessage.parseReply(rx, rx.length, new io.xtcp.core.netlink.NlMsgHdr(), seq);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
