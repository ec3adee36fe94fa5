package io.xtcp.dest.marshal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import io.xtcp.dest.testing.TestBatches;
import io.xtcp.schema.v1.Envelope;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarshallersTest {
    private final TestBatches.Batch batch = TestBatches.batches(1, 5, 5, 8000, 0).get(0);

    private static String text(Marshaller m, TestBatches.Batch b) {
        ByteBuffer out = m.marshal(b.buffer());
        byte[] a = new byte[out.remaining()];
        out.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    @Test
    void protobufListIsTheBatchItself() {
        Marshaller m = Marshallers.byName("protobufList", null);
        ByteBuffer out = m.marshal(batch.buffer());
        assertSame(batch.framed, out.array());
        assertEquals(batch.framed.length, out.remaining());
        assertEquals(0, m.header().length);
    }

    @Test
    void jsonlHasOneLinePerRecord() {
        String s = text(Marshallers.byName("jsonl", null), batch);
        String[] lines = s.split("\n");
        assertEquals(5, lines.length);
        assertTrue(lines[2].startsWith("{") && lines[2].contains("\"recordCounter\":3"), lines[2]);
        assertTrue(lines[2].contains("\"hostname\":\"test-host\""), lines[2]);
    }

    @Test
    void csvHeaderIsTheStreamHeaderNotPerBatch() {
        Marshaller m = Marshallers.byName("csv", List.of("record_counter", "hostname", "tcp_info_rtt"));
        assertEquals("record_counter,hostname,tcp_info_rtt\n", new String(m.header(), StandardCharsets.UTF_8));
        String s = text(m, batch);
        assertEquals(5, s.split("\n").length);
        assertTrue(s.startsWith("1,test-host,8\n"), s);
        String again = text(m, batch);
        assertEquals(s, again, "no header inside batches");
        assertTrue(text(Marshallers.byName("tsv", List.of("record_counter", "hostname")), batch).startsWith("1\ttest-host\n"));
    }

    @Test
    void protoJsonParsesBackToTheSameEnvelope() throws Exception {
        String s = text(Marshallers.byName("protoJson", null), batch);
        assertTrue(s.endsWith("\n") && s.indexOf('\n') == s.length() - 1, "one line per batch");
        Envelope.Builder b = Envelope.newBuilder();
        JsonFormat.parser().merge(s, b);
        assertEquals(Envelope.parseDelimitedFrom(new java.io.ByteArrayInputStream(batch.framed)), b.build());
    }

    @Test
    void malformedBatchesAreRefused() {
        Marshaller m = Marshallers.byName("jsonl", null);
        byte[] truncated = java.util.Arrays.copyOf(batch.framed, batch.framed.length - 3);
        assertThrows(MalformedBatchException.class, () -> m.marshal(ByteBuffer.wrap(truncated)));
        assertThrows(MalformedBatchException.class, () -> Marshallers.byName("protoJson", null).marshal(ByteBuffer.wrap(truncated)));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Marshallers.byName("xml", null));
        assertTrue(e.getMessage().contains("protobufList, jsonl, csv, tsv, protoJson"), e.getMessage());
    }
}
