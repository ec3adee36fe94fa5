package io.xtcp.core.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.testing.CaptureReplay;
import io.xtcp.core.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and unusual pcap files: a clear PcapFormatException for a bad header, a counted stop for a cut record. */
class PcapFileTest {
    private static byte[] capture;
    /** Offsets of each record header in {@link #capture}, read independently of PcapFile. */
    private static List<Integer> records;

    @BeforeAll
    static void load() throws Exception {
        // 6.10.3, 10 sockets: request, 8-socket reply, 4-socket reply, DONE, request, 21-socket reply, DONE.
        capture = Files.readAllBytes(Fixtures.netlink("6_10_3", "tcp_10_sockets.pcap"));
        records = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        for (int pos = 24; pos < capture.length; pos += 16 + b.getInt(pos + 8)) {
            records.add(pos);
        }
        assertEquals(7, records.size());
    }

    @Test
    void readsEveryRecordOfAnIntactCapture() throws Exception {
        PcapFile f = PcapFile.of("intact", capture);
        List<byte[]> datagrams = datagrams(f);
        assertEquals(7, datagrams.size());
        assertEquals(0, f.truncatedRecords());
        assertEquals(7, f.packets());
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 7; i++) {
            int start = records.get(i) + 16 + 16;
            assertArrayEquals(Arrays.copyOfRange(capture, start, records.get(i) + 16 + b.getInt(records.get(i) + 8)),
                    datagrams.get(i), "datagram " + i);
            assertEquals(4, f.protocol());
        }
    }

    @Test
    void captureCutInsideARecordStopsThereAndKeepsTheSocketsBefore() throws Exception {
        int cut = records.get(2) + 16 + 100; // inside the second reply datagram (4 sockets)
        PcapFile f = PcapFile.of("cut", Arrays.copyOf(capture, cut));
        PcapReplayChannel ch = new PcapReplayChannel(f);
        DumpStats stats = new DumpStats();
        List<CaptureReplay.Dump> dumps = CaptureReplay.readAll(ch, stats);
        assertEquals(1, dumps.size());
        assertEquals(DumpResult.END_OF_STREAM, dumps.get(0).result());
        assertEquals(8, dumps.get(0).sockets().size(), "the sockets of the whole first reply datagram");
        assertEquals(1, f.truncatedRecords());
        assertEquals(2, f.packets());
        assertEquals(0, stats.problems());
        assertEquals(1, stats.datagrams);
    }

    @Test
    void captureCutInsideARecordHeaderCountsOneTruncatedRecord() throws Exception {
        PcapFile f = PcapFile.of("cut-header", Arrays.copyOf(capture, records.get(3) + 10));
        assertEquals(3, datagrams(f).size());
        assertEquals(1, f.truncatedRecords());
        assertEquals(-1, f.next(ByteBuffer.allocate(1 << 16)), "stays at the end");
    }

    @Test
    void zeroLengthFileIsNotAPcap() {
        PcapFormatException e = assertThrows(PcapFormatException.class, () -> PcapFile.of("empty.pcap", new byte[0]));
        assertEquals("empty.pcap: not a pcap file (0 bytes, the header alone is 24)", e.getMessage());
    }

    @Test
    void fileShorterThanTheGlobalHeaderIsNotAPcap() {
        PcapFormatException e = assertThrows(PcapFormatException.class,
                () -> PcapFile.of("short.pcap", Arrays.copyOf(capture, 23)));
        assertTrue(e.getMessage().contains("23 bytes"), e.getMessage());
    }

    @Test
    void wrongMagicNamesTheMagic() {
        byte[] bad = capture.clone();
        bad[0] = 0x7f;
        bad[1] = 'E';
        bad[2] = 'L';
        bad[3] = 'F';
        PcapFormatException e = assertThrows(PcapFormatException.class, () -> PcapFile.of("elf", bad));
        assertEquals("elf: not a pcap file (magic 0x464c457f)", e.getMessage());
    }

    @Test
    void pcapngSaysHowToConvert() {
        byte[] ng = capture.clone();
        ByteBuffer.wrap(ng).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0x0A0D0D0A);
        PcapFormatException e = assertThrows(PcapFormatException.class, () -> PcapFile.of("x.pcapng", ng));
        assertTrue(e.getMessage().contains("pcapng is not supported"), e.getMessage());
    }

    @Test
    void wrongLinkTypeNamesItAndAsksForNlmon() {
        byte[] ether = capture.clone();
        ByteBuffer.wrap(ether).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 1);
        PcapFormatException e = assertThrows(PcapFormatException.class, () -> PcapFile.of("eth.pcap", ether));
        assertEquals("eth.pcap: link type 1 is not netlink (253); capture on an nlmon interface", e.getMessage());
    }

    @Test
    void bigEndianAndNanosecondCapturesReadTheSameDatagrams() throws Exception {
        List<byte[]> want = datagrams(PcapFile.of("le", capture));

        byte[] be = capture.clone();
        ByteBuffer src = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer dst = ByteBuffer.wrap(be).order(ByteOrder.BIG_ENDIAN);
        dst.putInt(0, src.getInt(0)); // the magic, now in big-endian byte order
        dst.putShort(4, src.getShort(4));
        dst.putShort(6, src.getShort(6));
        for (int o = 8; o < 24; o += 4) {
            dst.putInt(o, src.getInt(o));
        }
        for (int r : records) {
            for (int o = 0; o < 16; o += 4) {
                dst.putInt(r + o, src.getInt(r + o));
            }
        }
        assertDatagramsEqual(want, datagrams(PcapFile.of("be", be)));

        byte[] ns = capture.clone();
        ByteBuffer.wrap(ns).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0xa1b23c4d);
        assertDatagramsEqual(want, datagrams(PcapFile.of("ns", ns)));
    }

    @Test
    void recordLargerThanTheReceiveBufferIsSkippedAndCounted() throws Exception {
        PcapFile f = PcapFile.of("small-buffer", capture);
        ByteBuffer rx = ByteBuffer.allocate(2048);
        int n = 0;
        while (f.next(rx) >= 0) {
            n++;
        }
        // Of the 7 datagrams, the 8-socket and 21-socket replies (several KiB each) do not fit.
        assertEquals(5, n);
        assertEquals(2, f.truncatedRecords());
        assertEquals(7, f.packets());
    }

    /** From a file, through a window smaller than the capture: the same datagrams as from memory, records straddling every window edge. */
    @Test
    void aFileStreamsTheSameDatagramsAsMemory(@TempDir Path dir) throws Exception {
        byte[] thousand = Files.readAllBytes(Fixtures.netlink("6_10_3", "tcp_1000_sockets.pcap"));
        assertTrue(thousand.length > 2 * PcapFile.WINDOW, "the capture spans windows: " + thousand.length);
        Path file = Files.write(dir.resolve("1000.pcap"), thousand);
        try (PcapFile streamed = PcapFile.open(file)) {
            assertDatagramsEqual(datagrams(PcapFile.of("memory", thousand)), datagrams(streamed));
            assertEquals(0, streamed.truncatedRecords());
        }
        // cut inside the last record: the records before it, one cut record
        Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(thousand, thousand.length - 10));
        try (PcapFile streamed = PcapFile.open(cut)) {
            List<byte[]> got = datagrams(streamed);
            assertEquals(datagrams(PcapFile.of("memory", thousand)).size() - 1, got.size());
            assertEquals(1, streamed.cutRecords());
            assertEquals(0, streamed.oversizedRecords());
        }
    }

    /** A record larger than the window but not than the receive buffer is read whole; a larger one is skipped, counted, and the next read. */
    @Test
    void aRecordLargerThanTheWindowIsReadWhole(@TempDir Path dir) throws Exception {
        int len = PcapFile.WINDOW + 1000;
        ByteBuffer b = ByteBuffer.allocate(24 + 2 * (16 + 16 + len)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(capture, 0, 24);
        for (int i = 0; i < 2; i++) {
            b.putInt(0).putInt(0).putInt(16 + len).putInt(16 + len);
            b.put(new byte[14]).put((byte) 0).put((byte) 4);
            for (int j = 0; j < len; j++) {
                b.put((byte) (i + j));
            }
        }
        Path file = Files.write(dir.resolve("large.pcap"), b.array());
        try (PcapFile f = PcapFile.open(file)) {
            ByteBuffer rx = ByteBuffer.allocate(len);
            assertEquals(len, f.next(rx));
            assertEquals((byte) 7, rx.get(7));
            assertEquals(len, f.next(rx));
            assertEquals((byte) 8, rx.get(7));
            assertEquals(-1, f.next(rx));
        }
        try (PcapFile f = PcapFile.open(file)) {
            assertEquals(-1, f.next(ByteBuffer.allocate(len - 1)));
            assertEquals(2, f.oversizedRecords());
            assertEquals(0, f.cutRecords());
            assertEquals(2, f.packets());
        }
    }

    private static List<byte[]> datagrams(PcapFile f) {
        List<byte[]> out = new ArrayList<>();
        ByteBuffer rx = ByteBuffer.allocate(1 << 16);
        int n;
        while ((n = f.next(rx)) >= 0) {
            out.add(Arrays.copyOf(rx.array(), n));
        }
        return out;
    }

    private static void assertDatagramsEqual(List<byte[]> want, List<byte[]> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertArrayEquals(want.get(i), got.get(i), "datagram " + i);
        }
    }
}
