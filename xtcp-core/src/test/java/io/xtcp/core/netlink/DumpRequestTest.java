package io.xtcp.core.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xtcp.core.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request byte layout: struct nlmsghdr + inet_diag_req (legacy) or inet_diag_req_v2 (linux/inet_diag.h). */
class DumpRequestTest {

    @Test
    void legacyRequestLayout() {
        DumpRequest req = DumpRequest.legacy(0x0402, 0x7f);
        assertEquals(1, req.count());
        assertEquals(18, req.replyType());
        ByteBuffer b = req.request(0, 0x01020304).order(ByteOrder.nativeOrder());
        assertEquals(16 + 60, b.remaining());
        assertEquals(76, b.getInt(0), "nlmsg_len");
        assertEquals(18, b.getShort(4), "nlmsg_type TCPDIAG_GETSOCK");
        assertEquals(0x301, b.getShort(6), "NLM_F_REQUEST | NLM_F_ROOT | NLM_F_MATCH");
        assertEquals(0x01020304, b.getInt(8), "nlmsg_seq");
        assertEquals(0, b.getInt(12), "nlmsg_pid");
        assertEquals(0, b.get(16), "idiag_family AF_UNSPEC: both families");
        assertEquals(0x7f, b.get(16 + 3), "idiag_ext");
        assertEquals(0x0402, b.getInt(16 + 52), "idiag_states, host order");
        assertEquals(0, b.getInt(16 + 56), "idiag_dbs");
        for (int i = 16 + 4; i < 16 + 52; i++) {
            assertEquals(0, b.get(i), "inet_diag_sockid byte " + (i - 16));
        }
    }

    @Test
    void byFamilyRequestLayout() {
        DumpRequest req = DumpRequest.byFamily(Netlink.ALL_STATES, 0x42, DumpRequest.AF_INET, DumpRequest.AF_INET6);
        assertEquals(2, req.count());
        assertEquals(20, req.replyType());
        int[] families = {2, 10};
        for (int i = 0; i < 2; i++) {
            ByteBuffer b = req.request(i, 77 + i).order(ByteOrder.nativeOrder());
            assertEquals(16 + 56, b.remaining());
            assertEquals(72, b.getInt(0));
            assertEquals(20, b.getShort(4), "SOCK_DIAG_BY_FAMILY");
            assertEquals(0x301, b.getShort(6));
            assertEquals(77 + i, b.getInt(8));
            assertEquals(families[i], b.get(16), "sdiag_family");
            assertEquals(6, b.get(17), "sdiag_protocol IPPROTO_TCP");
            assertEquals(0x42, b.get(18), "idiag_ext");
            assertEquals(0, b.get(19), "pad");
            assertEquals(0xFFE, b.getInt(20), "idiag_states");
        }
    }

    @Test
    void ofPicksTheMode() {
        assertEquals(DumpRequest.Mode.LEGACY, DumpRequest.of(DumpRequest.Mode.LEGACY, 2, 0).mode());
        assertEquals(1, DumpRequest.of(DumpRequest.Mode.LEGACY, 2, 0).count());
        DumpRequest two = DumpRequest.of(DumpRequest.Mode.BY_FAMILY, 2, 0x7f);
        assertEquals(2, two.count());
        assertEquals(2, two.states());
        assertEquals(0x7f, two.extensions());
    }

    /**
     * ss's own requests, captured: rebuilt from their family, states, ext and seq, our bytes must be
     * identical to the kernel-bound bytes ss sent.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"netlink_sock_diag_request_bytes", "netlink_sock_diag_request_bytes_a",
        "netlink_sock_diag_request_bytes_example2", "netlink_sock_diag_request_bytes_example3"})
    void byFamilyMatchesTheRequestSsSent(String file) throws Exception {
        byte[] captured = Files.readAllBytes(Fixtures.netlink("6_6_44", "single", file));
        ByteBuffer c = ByteBuffer.wrap(captured).order(ByteOrder.nativeOrder());
        assertEquals(72, captured.length);
        int family = captured[16];
        int ext = captured[18] & 0xFF;
        int states = c.getInt(20);
        ByteBuffer ours = DumpRequest.byFamily(states, ext, family).request(0, c.getInt(8));
        byte[] bytes = new byte[ours.remaining()];
        ours.get(bytes);
        assertArrayEquals(captured, bytes);
    }

    @Test
    void theFirstCapturedRequestAsksForEstablishedSocketsWithExt7f() throws Exception {
        byte[] captured = Files.readAllBytes(Fixtures.netlink("6_6_44", "single", "netlink_sock_diag_request_bytes"));
        ByteBuffer ours = DumpRequest.byFamily(1 << TcpState.ESTABLISHED, 0x7f, DumpRequest.AF_INET).request(0, 123456);
        byte[] bytes = new byte[ours.remaining()];
        ours.get(bytes);
        assertArrayEquals(captured, bytes);
    }

    /** Threads each stamp their own sequence number: a copy must not share the buffer. */
    @Test
    void copyHasItsOwnBuffers() {
        for (DumpRequest original : new DumpRequest[] {DumpRequest.legacy(0xFFF, 0x1F), DumpRequest.byFamily(0x2, 0x1, 2, 10)}) {
            DumpRequest copy = original.copy();
            assertEquals(original.count(), copy.count());
            for (int i = 0; i < original.count(); i++) {
                java.nio.ByteBuffer a = original.request(i, 7);
                java.nio.ByteBuffer b = copy.request(i, 9);
                org.junit.jupiter.api.Assertions.assertNotSame(a, b);
                assertEquals(7, a.getInt(NlMsgHdr.SEQ_OFFSET));
                assertEquals(9, b.getInt(NlMsgHdr.SEQ_OFFSET));
                b.putInt(NlMsgHdr.SEQ_OFFSET, 7);
                assertEquals(a, b, "same bytes but the sequence number");
            }
            assertEquals(original.replyType(), copy.replyType());
            assertEquals(original.mode(), copy.mode());
        }
    }

    @Test
    void bytecodeFollowsEachRequestAsOneAttribute() {
        byte[] program = {11, 8, 12, 0, 0, 0, 22, 0}; // S_EQ 22
        for (DumpRequest base : new DumpRequest[] {DumpRequest.legacy(0x0402, 0x7f),
                DumpRequest.byFamily(Netlink.ALL_STATES, 0x42, DumpRequest.AF_INET, DumpRequest.AF_INET6)}) {
            int body = 16 + (base.mode() == DumpRequest.Mode.LEGACY ? 60 : 56);
            DumpRequest req = base.withBytecode(program);
            assertArrayEquals(program, req.bytecode());
            assertEquals(base.count(), req.count());
            for (int i = 0; i < req.count(); i++) {
                ByteBuffer b = req.request(i, 7).order(ByteOrder.nativeOrder());
                ByteBuffer plain = base.request(i, 7).order(ByteOrder.nativeOrder());
                assertEquals(body + 4 + 8, b.remaining());
                assertEquals(body + 12, b.getInt(0), "nlmsg_len covers the attribute");
                for (int j = 4; j < body; j++) {
                    assertEquals(plain.get(j), b.get(j), "request byte " + j + " unchanged");
                }
                assertEquals(12, b.getShort(body), "nla_len: header + program");
                assertEquals(1, b.getShort(body + 2), "nla_type INET_DIAG_REQ_BYTECODE");
                for (int j = 0; j < program.length; j++) {
                    assertEquals(program[j], b.get(body + 4 + j));
                }
            }
            assertArrayEquals(program, req.copy().bytecode(), "a copy keeps the program");
            assertEquals(null, base.bytecode());
        }
    }
}
