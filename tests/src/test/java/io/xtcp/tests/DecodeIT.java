package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/xtcp decode} on captures larger than its heap (it streams them), on a capture cut
 * inside a dump (a warning and exit 4), and a real out-of-memory through the launcher (exit 137,
 * never 3). The captures are a kernel capture's records repeated; the socket count is read from
 * its netlink headers here, independently of xtcp.
 */
class DecodeIT {
    /** 6.10.3, 1000 connections: ~0.7 MB, two dumps (request, replies, DONE). */
    private static final String FIXTURE = "6_10_3/tcp_1000_sockets.pcap";
    private static final int COPIES = 150; // ~105 MB, ~238k sockets
    private static final String HEAP = "32m";

    @TempDir
    static Path dir;
    private static Path big;
    private static byte[] fixture;
    private static long socketsPerCopy;

    @BeforeAll
    static void capture() throws IOException {
        Path shared = Path.of(System.getProperty("xtcp.shared", Xtcp.root().resolveSibling("shared").toString()));
        fixture = Files.readAllBytes(shared.resolve("fixtures/netlink").resolve(FIXTURE));
        socketsPerCopy = socketReplies(fixture);
        assertTrue(socketsPerCopy > 1000, "sockets in the fixture: " + socketsPerCopy);
        big = dir.resolve("big.pcap");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write(fixture, 0, 24);
            for (int i = 0; i < COPIES; i++) {
                out.write(fixture, 24, fixture.length - 24);
            }
        }
        assertTrue(Files.size(big) > 100L << 20, "larger than the heap by far: " + Files.size(big));
    }

    @Test
    void aCaptureThreeTimesTheHeapDecodesFully() throws Exception {
        Cmd.Result r = decode(Map.of("XTCP_HEAP", HEAP), "--format", "csv", "--columns", "inet_diag_msg_socket_source_port", big.toString());
        assertEquals(0, r.exit(), r::toString);
        long lines = r.out().lines().count();
        assertEquals(COPIES * socketsPerCopy, lines - 1, "one csv line per socket, after the header");
        assertTrue(r.err().isEmpty(), r::toString);
    }

    @Test
    void aCaptureCutInsideADumpWarnsAndExits4() throws Exception {
        List<Integer> records = records(fixture);
        // after the first reply record of the first dump: records before it whole, no NLMSG_DONE
        Path atRecord = Files.write(dir.resolve("cut-at-record.pcap"), java.util.Arrays.copyOf(fixture, records.get(2)));
        Cmd.Result r = decode(Map.of(), "--format", "null", atRecord.toString());
        assertEquals(4, r.exit(), r::toString);
        assertTrue(r.err().contains("warning: " + atRecord + " ends inside a dump (no NLMSG_DONE)"), r::toString);

        Path inRecord = Files.write(dir.resolve("cut-in-record.pcap"), java.util.Arrays.copyOf(fixture, records.get(2) + 100));
        Cmd.Result s = decode(Map.of(), "--format", "null", inRecord.toString());
        assertEquals(4, s.exit(), s::toString);
        assertTrue(s.err().contains("its last record cut short"), s::toString);

        Path whole = Files.write(dir.resolve("whole.pcap"), fixture);
        Cmd.Result w = decode(Map.of(), "--format", "null", whole.toString());
        assertEquals(0, w.exit(), w::toString);
        assertTrue(w.err().isEmpty(), w::toString);
    }

    /**
     * A real out-of-memory through the launcher: the table format holds every row until the end
     * (to size its columns), so ~238k sockets do not fit a 32 MiB heap. The JVM kills itself
     * (status 137) instead of exiting 3, the status of a missing capability.
     */
    @Test
    void runningOutOfMemoryExits137NotTheCapabilityStatus() throws Exception {
        Cmd.Result r = decode(Map.of("XTCP_HEAP", HEAP), "--format", "table", big.toString());
        assertNotEquals(3, r.exit(), r::toString);
        assertEquals(137, r.exit(), r::toString);
        assertTrue(r.out().contains("java.lang.OutOfMemoryError: Java heap space"), "the JVM's own report: " + r.err());
    }

    @Test
    void aHeapThatIsNotASizeIsAUsageError() throws Exception {
        Cmd.Result r = decode(Map.of("XTCP_HEAP", "lots"), "--format", "null", big.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("XTCP_HEAP=lots is not a heap size"), r::toString);
    }

    private static Cmd.Result decode(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "-u", "XTCP_JAVA_OPTS", "-u", "XTCP_HEAP", "-u", "JDK_JAVA_OPTIONS"));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        List<String> cmd = new ArrayList<>(List.of("decode"));
        cmd.addAll(List.of(args));
        argv.addAll(Xtcp.launcher(cmd.toArray(String[]::new)));
        return Cmd.run(Duration.ofSeconds(300), argv);
    }

    /** Offsets of the record headers of a little-endian capture. */
    private static List<Integer> records(byte[] pcap) {
        ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> out = new ArrayList<>();
        for (int pos = 24; pos + 16 <= pcap.length; pos += 16 + b.getInt(pos + 8)) {
            out.add(pos);
        }
        return out;
    }

    /** inet_diag replies (SOCK_DIAG_BY_FAMILY 20, TCPDIAG_GETSOCK 18) of NETLINK_SOCK_DIAG (4) packets that are not requests. */
    private static long socketReplies(byte[] pcap) {
        ByteBuffer b = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        long n = 0;
        for (int rec : records(pcap)) {
            int start = rec + 16;
            int end = start + b.getInt(rec + 8);
            int protocol = (b.get(start + 14) & 0xFF) << 8 | (b.get(start + 15) & 0xFF);
            if (protocol != 4) {
                continue;
            }
            ByteBuffer nl = ByteBuffer.wrap(pcap).order(ByteOrder.nativeOrder());
            for (int m = start + 16; m + 16 <= end; ) {
                int len = nl.getInt(m);
                int type = nl.getShort(m + 4) & 0xFFFF;
                int flags = nl.getShort(m + 6) & 0xFFFF;
                if ((flags & 1) == 0 && (type == 20 || type == 18)) {
                    n++;
                }
                if (len < 16) {
                    break;
                }
                m += (len + 3) & ~3;
            }
        }
        return n;
    }
}
