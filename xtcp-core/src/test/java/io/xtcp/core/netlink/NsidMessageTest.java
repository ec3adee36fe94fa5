package io.xtcp.core.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RTM_GETNSID and RTM_NEWNSID / NLMSG_ERROR as bytes: annotated fixtures, truncated and corrupted at named offsets. */
class NsidMessageTest {
    private static final NlMsgHdr HDR = new NlMsgHdr();

    /** Little-endian hex, as the kernel lays a reply out on x86-64 and arm64. */
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[^0-9a-f]", ""));
    }

    /** RTM_NEWNSID, seq 5, nsid 7, with a NETNSA_CURRENT_NSID (type 6) attribute before it. */
    private static final String NEWNSID_SEQ5_NSID7 =
            "24000000 5800 0000 05000000 00000000" // nlmsghdr: len 36, RTM_NEWNSID, flags 0, seq 5, pid 0
            + " 00 000000"                          // rtgenmsg AF_UNSPEC + pad
            + " 0800 0600 01000000"                 // nlattr NETNSA_CURRENT_NSID 1 (skipped)
            + " 0800 0100 07000000";                // nlattr NETNSA_NSID 7

    private static NsidMessage.Reply parse(byte[] b, int seq) throws IOException {
        return NsidMessage.parseReply(b, b.length, HDR, seq);
    }

    @Test
    void requestBytes() {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        b.put(0, new byte[64]);
        NsidMessage.writeRequest(b, 0x01020304, 9);
        assertEquals(28, b.limit());
        byte[] got = new byte[28];
        b.get(0, got);
        assertArrayEquals(hex(
                "1c000000 5a00 0100 04030201 00000000" // len 28, RTM_GETNSID, NLM_F_REQUEST, seq, pid
                + " 00 000000"                          // AF_UNSPEC + pad
                + " 0800 0300 09000000"), got);         // NETNSA_FD 9
    }

    @Test
    void newNsidSkipsOtherAttributes() throws IOException {
        assertEquals(new NsidMessage.Reply(7, 0), parse(hex(NEWNSID_SEQ5_NSID7), 5));
        assertNull(parse(hex(NEWNSID_SEQ5_NSID7), 6), "another request's answer");
    }

    @Test
    void newNsidWithoutTheAttributeIsNotAssigned() throws IOException {
        byte[] b = hex("14000000 5800 0000 05000000 00000000 00 000000");
        assertEquals(new NsidMessage.Reply(NsidMessage.NETNSA_NSID_NOT_ASSIGNED, 0), parse(b, 5));
    }

    @Test
    void errorAndAck() throws IOException {
        byte[] einval = hex("14000000 0200 0000 05000000 00000000 eaffffff"); // NLMSG_ERROR -22
        assertEquals(new NsidMessage.Reply(0, 22), parse(einval, 5));
        byte[] ack = hex("14000000 0200 0000 05000000 00000000 00000000");
        assertEquals(new NsidMessage.Reply(NsidMessage.NETNSA_NSID_NOT_ASSIGNED, 0), parse(ack, 5));
    }

    @Test
    void corruptedAtNamedOffsets() {
        byte[] len = hex(NEWNSID_SEQ5_NSID7);
        ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).putInt(NlMsgHdr.LEN_OFFSET, 4000);
        IOException e = assertThrows(IOException.class, () -> parse(len, 5));
        assertTrue(e.getMessage().contains("length 4000 at 0 of 36"), e.getMessage());

        byte[] shortHdr = hex(NEWNSID_SEQ5_NSID7);
        ByteBuffer.wrap(shortHdr).order(ByteOrder.LITTLE_ENDIAN).putInt(NlMsgHdr.LEN_OFFSET, 8);
        assertThrows(IOException.class, () -> parse(shortHdr, 5));

        byte[] attr = hex(NEWNSID_SEQ5_NSID7);
        int second = NsidMessage.ATTRS_OFFSET + 8;
        ByteBuffer.wrap(attr).order(ByteOrder.LITTLE_ENDIAN).putShort(second + NsidMessage.NLA_LEN_OFFSET, (short) 2);
        e = assertThrows(IOException.class, () -> parse(attr, 5));
        assertTrue(e.getMessage().contains("attribute: length 2 at " + second), e.getMessage());

        byte[] shortNsid = hex(NEWNSID_SEQ5_NSID7);
        ByteBuffer.wrap(shortNsid).order(ByteOrder.LITTLE_ENDIAN).putShort(second + NsidMessage.NLA_LEN_OFFSET, (short) 6);
        e = assertThrows(IOException.class, () -> parse(shortNsid, 5));
        assertEquals("truncated NETNSA_NSID", e.getMessage());

        byte[] error = hex("10000000 0200 0000 05000000 00000000");
        e = assertThrows(IOException.class, () -> parse(error, 5));
        assertEquals("truncated NLMSG_ERROR", e.getMessage());
    }

    @Test
    void truncatedDatagramEndsTheWalk() throws IOException {
        byte[] b = hex(NEWNSID_SEQ5_NSID7);
        assertNull(NsidMessage.parseReply(b, 12, HDR, 5), "less than a header: nothing to read");
    }
}
