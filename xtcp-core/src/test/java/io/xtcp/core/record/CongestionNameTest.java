package io.xtcp.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.InetDiagAttr;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.schema.v1.CongestionAlgorithm;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * INET_DIAG_CONG becomes a protobuf {@code string}: whatever bytes a reply carries, the record
 * parses (the fuzzer's first finding: a name that is not UTF-8 made the whole record, and the
 * envelope holding it, unreadable to protobuf readers) and holds no control byte.
 */
class CongestionNameTest {
    private static String decode(byte[] name) throws Exception {
        int attrLen = DiagAttributes.RTA_HDRLEN + name.length;
        byte[] b = new byte[InetDiagMsg.SIZE + ((attrLen + 3) & ~3)];
        b[0] = 2; // AF_INET
        b[InetDiagMsg.SIZE] = (byte) attrLen;
        b[InetDiagMsg.SIZE + 1] = (byte) (attrLen >>> 8);
        b[InetDiagMsg.SIZE + 2] = (byte) InetDiagAttr.CONG;
        System.arraycopy(name, 0, b, InetDiagMsg.SIZE + DiagAttributes.RTA_HDRLEN, name.length);
        InetDiagMsg msg = new InetDiagMsg().wrap(b, 0);
        DiagAttributes attrs = new DiagAttributes().index(b, InetDiagMsg.SIZE, b.length);
        ProtoRecordWriter w = new ProtoRecordWriter();
        new SocketDecoder(Set.of(Decoder.CONG)).decode(msg, attrs, w);
        XtcpFlatRecord r = XtcpFlatRecord.parseFrom(Arrays.copyOf(w.array(), w.length()));
        if (r.getCongestionAlgorithmEnumValue() != CongestionAlgorithm.CONGESTION_ALGORITHM_UNSPECIFIED_VALUE) {
            assertEquals("bbr", r.getCongestionAlgorithmString(), "only a known name maps to the enum");
        }
        return r.getCongestionAlgorithmString();
    }

    @Test
    void aKernelNameIsKeptUpToItsNul() throws Exception {
        assertEquals("bbr", decode("bbr\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("my_cc_2", decode("my_cc_2".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void bytesOutsidePrintableAsciiBecomeQuestionMarks() throws Exception {
        // 0xC3 alone is not UTF-8 (the fuzzer found it); ESC, newline and DEL would reach terminals.
        assertEquals("??b?r?", decode(new byte[] {(byte) 0xC3, 0x1B, 'b', '\n', 'r', (byte) 0x7F, 0}));
    }

    @Test
    void aNameLongerThanTheKernelsLimitIsCutAtSixteenBytes() throws Exception {
        byte[] name = new byte[200];
        Arrays.fill(name, (byte) 'x');
        assertEquals("x".repeat(SocketDecoder.CONG_NAME_MAX), decode(name));
    }
}
