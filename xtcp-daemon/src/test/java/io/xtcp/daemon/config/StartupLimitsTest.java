package io.xtcp.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.Main;
import io.xtcp.daemon.cli.UsageException;
import io.xtcp.daemon.run.StartupLimits;
import io.xtcp.dest.Destination;
import io.xtcp.dest.Destinations;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The start-up size checks against a real UDP destination (its max.datagram.bytes is the oracle)
 * and a given heap: an explicit envelope that does not fit is refused naming both values and
 * where they came from, the default is capped silently; a queue the heap cannot hold is refused.
 */
class StartupLimitsTest {
    private static final int FRAME_PREFIX = 5;
    private DatagramSocket receiver;
    private final List<Destination> opened = new ArrayList<>();

    @BeforeEach
    void receiver() throws Exception {
        receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void close() throws Exception {
        for (Destination d : opened) {
            d.close();
        }
        receiver.close();
    }

    private record Run(XtcpConfig config, ValueOrigins origins) {}

    private static Run parse(Map<String, String> env, String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        ConfigSources sources = ConfigSources.from(all, env);
        CommandLine.ParseResult pr = Main.commandLine(sources).parseArgs(all);
        return new Run(RunOptionsAccess.config(pr.subcommand().commandSpec().userObject()), ValueOrigins.of(pr.subcommand(), sources));
    }

    private String udp() {
        return "udp://127.0.0.1:" + receiver.getLocalPort();
    }

    private Destination open(Run r) throws Exception {
        Destination d = Destinations.open(r.config().dest(), r.config().destOptions());
        opened.add(d);
        return d;
    }

    @Test
    void anEnvelopeGivenAsAFlagAboveTheDatagramLimitIsRefusedNamingBoth() throws Exception {
        Run r = parse(Map.of(), "--dest", udp(), "--dest-opt", "max.datagram.bytes=1400", "--envelope-max-bytes", "2KiB");
        Destination d = open(r);
        assertEquals(1400, d.maxBatchBytes(), "the oracle: what the destination says it takes");
        UsageException e = assertThrows(UsageException.class, () -> StartupLimits.envelopeBytes(r.config(), r.origins(), d, FRAME_PREFIX));
        assertTrue(e.getMessage().startsWith("--envelope-max-bytes 2KiB (flag) is above udp max.datagram.bytes 1400 (--dest-opt): "
                + "envelopes of at most 1395 bytes fit"), e.getMessage());
    }

    @Test
    void anEnvelopeFromTheEnvironmentNamesTheVariable() throws Exception {
        Run r = parse(Map.of("XTCP_ENVELOPE_MAX_BYTES", "64KiB"), "--dest", udp());
        Destination d = open(r);
        UsageException e = assertThrows(UsageException.class, () -> StartupLimits.envelopeBytes(r.config(), r.origins(), d, FRAME_PREFIX));
        assertTrue(e.getMessage().startsWith("--envelope-max-bytes 64KiB (environment variable XTCP_ENVELOPE_MAX_BYTES) is above udp "
                + "max.datagram.bytes (default: batches of at most " + d.maxBatchBytes() + " bytes): envelopes of at most "
                + (d.maxBatchBytes() - FRAME_PREFIX) + " bytes fit"), e.getMessage());
    }

    @Test
    void theDefaultEnvelopeIsCappedSilentlyAndAFittingOneKept() throws Exception {
        Run r = parse(Map.of(), "--dest", udp(), "--dest-opt", "max.datagram.bytes=1400");
        assertEquals(1395, StartupLimits.envelopeBytes(r.config(), r.origins(), open(r), FRAME_PREFIX));
        Run fits = parse(Map.of(), "--dest", udp(), "--dest-opt", "max.datagram.bytes=1400", "--envelope-max-bytes", "1024");
        assertEquals(1024, StartupLimits.envelopeBytes(fits.config(), fits.origins(), open(fits), FRAME_PREFIX));
    }

    @Test
    void aQueueTheHeapCannotHoldIsRefusedNamingTheHeapAndHowToRaiseIt() throws Exception {
        long heap = 128L << 20;
        Run r = parse(Map.of(), "--dest", "null:", "--queue-max-bytes", "400MiB");
        UsageException e = assertThrows(UsageException.class, () -> StartupLimits.checkHeap(r.config(), r.origins(), heap));
        assertTrue(e.getMessage().startsWith("--queue-max-bytes 400MiB (flag) does not fit the heap"), e.getMessage());
        assertTrue(e.getMessage().contains("above the JVM's heap of 128.0MiB (-Xmx; with bin/xtcp set XTCP_HEAP="), e.getMessage());
        // 400 MiB + 3 envelopes of 768 KiB + 2 x 10000 snapshot records x 300 B + 24 MiB
        assertEquals((400L << 20) + 3 * (768L << 10) + 2 * 10_000 * 300 + (24L << 20), StartupLimits.heapNeeded(r.config()));
    }

    @Test
    void theDefaultsFitTheLaunchersHeapWithEveryDestination() throws Exception {
        long heap = 128L << 20; // bin/xtcp's -Xmx
        for (String dest : List.of("null:", udp(), "kafka://127.0.0.1:9/t", "file:///tmp/x.pb")) {
            Run r = parse(Map.of(), "--dest", dest);
            StartupLimits.checkHeap(r.config(), r.origins(), heap);
            assertTrue(StartupLimits.heapNeeded(r.config()) < heap * 3 / 4, dest + ": " + StartupLimits.heapNeeded(r.config()));
        }
    }
}
