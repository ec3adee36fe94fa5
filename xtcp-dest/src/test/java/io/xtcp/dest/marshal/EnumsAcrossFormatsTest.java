package io.xtcp.dest.marshal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.schema.v1.CongestionAlgorithm;
import io.xtcp.schema.v1.Envelope;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A TCP state and an enum are the same number in every machine format: jsonl, csv, tsv and
 * protoJson (only dump's table shows names, TableFormat). One ESTABLISHED socket (state 1) with
 * CUBIC (1) and tcp_info state 1.
 */
class EnumsAcrossFormatsTest {
    private static ByteBuffer batch() throws Exception {
        Envelope e = Envelope.newBuilder().addRow(XtcpFlatRecord.newBuilder().setHostname("h").setInetDiagMsgState(1)
                .setTcpInfoState(1).setCongestionAlgorithmEnum(CongestionAlgorithm.CONGESTION_ALGORITHM_CUBIC)
                .setCongestionAlgorithmString("cubic")).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        e.writeDelimitedTo(out);
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static String text(String format, List<String> columns) throws Exception {
        Marshaller m = Marshallers.byName(format, columns);
        ByteBuffer out = m.marshal(batch());
        byte[] a = new byte[out.remaining()];
        out.get(a);
        return new String(m.header(), StandardCharsets.UTF_8) + new String(a, StandardCharsets.UTF_8);
    }

    @Test
    void jsonlGivesNumbers() throws Exception {
        String s = text("jsonl", null);
        assertTrue(s.contains("\"inetDiagMsgState\":1,"), s);
        assertTrue(s.contains("\"tcpInfoState\":1,"), s);
        assertTrue(s.contains("\"congestionAlgorithmEnum\":1"), s);
        assertTrue(s.contains("\"congestionAlgorithmString\":\"cubic\""), "the name is the string field's: " + s);
        assertFalse(s.contains("ESTABLISHED") || s.contains("CONGESTION_ALGORITHM_CUBIC"), s);
    }

    @Test
    void csvAndTsvGiveNumbersToo() throws Exception {
        List<String> cols = List.of("inet_diag_msg_state", "tcp_info_state", "congestion_algorithm_enum", "congestion_algorithm_string");
        assertEquals("inet_diag_msg_state,tcp_info_state,congestion_algorithm_enum,congestion_algorithm_string\n1,1,1,cubic\n", text("csv", cols));
        assertEquals("inet_diag_msg_state\ttcp_info_state\tcongestion_algorithm_enum\tcongestion_algorithm_string\n1\t1\t1\tcubic\n",
                text("tsv", cols));
    }

    @Test
    void protoJsonGivesNumbersToo() throws Exception {
        String s = text("protoJson", null);
        assertTrue(s.contains("\"inetDiagMsgState\":1"), s);
        assertTrue(s.contains("\"congestionAlgorithmEnum\":1"), s);
        assertFalse(s.contains("CONGESTION_ALGORITHM_CUBIC"), s);
    }
}
