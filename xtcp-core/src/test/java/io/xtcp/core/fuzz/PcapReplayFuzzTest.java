package io.xtcp.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.xtcp.core.pcap.PcapFile;
import io.xtcp.core.pcap.PcapFormatException;
import io.xtcp.core.pcap.PcapReplayChannel;
import io.xtcp.core.testing.ScratchFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Fuzzes the pcap reader: each input is a capture, read twice, from memory ({@link PcapFile#of})
 * and streamed from a real file ({@link PcapFile#open}), into a receive buffer whose size the
 * input's last byte picks (so oversized records occur). Both readings must return the same
 * datagrams, protocols and counts (the stream reader's window and the memory reader agree), the
 * only exception allowed is {@link PcapFormatException} for a bad global header, and the
 * capture's datagrams then go through {@link ReplyPipeline} as {@code xtcp decode} reads them.
 *
 * <p>The seeds are the kernel captures of {@code ../shared/fixtures/netlink}, cut to their first
 * packets.
 */
class PcapReplayFuzzTest {
    private static final int[] RX_SIZES = {16, 17, 64, 300, 1024, 4096, 65536};
    private static final ScratchFile FILE = new ScratchFile(".pcap");

    private static final ThreadLocal<ReplyPipeline> PIPELINE = ThreadLocal.withInitial(ReplyPipeline::new);

    @FuzzTest(maxDuration = "5s")
    void captures(byte[] input) {
        fuzzerTestOneInput(input);
    }

    /** The entry point of the standalone fuzzer (docs/fuzzing.md). */
    public static void fuzzerTestOneInput(byte[] input) {
        int rxSize = RX_SIZES[input.length == 0 ? 0 : (input[input.length - 1] & 0xFF) % RX_SIZES.length];
        PcapFile memory;
        try {
            memory = PcapFile.of("fuzz.pcap", input);
        } catch (PcapFormatException e) {
            expectRefusedFromFile(input, e);
            return;
        }
        try (PcapFile streamed = PcapFile.open(FILE.holding(input))) {
            ByteBuffer a = ByteBuffer.allocateDirect(rxSize).order(ByteOrder.nativeOrder());
            ByteBuffer b = ByteBuffer.allocateDirect(rxSize).order(ByteOrder.nativeOrder());
            byte[] da = new byte[rxSize];
            byte[] db = new byte[rxSize];
            while (true) {
                int na = memory.next(a);
                int nb = streamed.next(b);
                if (na != nb) {
                    throw new AssertionError("memory read " + na + " bytes, stream " + nb);
                }
                if (na < 0) {
                    break;
                }
                if (na > rxSize || a.limit() != na) {
                    throw new AssertionError(na + " bytes into a " + rxSize + "-byte buffer (limit " + a.limit() + ")");
                }
                a.get(0, da, 0, na);
                b.get(0, db, 0, nb);
                if (!Arrays.equals(da, 0, na, db, 0, nb) || memory.protocol() != streamed.protocol()) {
                    throw new AssertionError("memory and stream readers differ at packet " + memory.packets());
                }
            }
            if (memory.packets() != streamed.packets() || memory.cutRecords() != streamed.cutRecords()
                    || memory.oversizedRecords() != streamed.oversizedRecords()) {
                throw new AssertionError("counts differ: memory packets=" + memory.packets() + " cut=" + memory.cutRecords()
                        + " oversized=" + memory.oversizedRecords() + ", stream packets=" + streamed.packets()
                        + " cut=" + streamed.cutRecords() + " oversized=" + streamed.oversizedRecords());
            }
            if (memory.cutRecords() > 1) {
                throw new AssertionError("a capture ends once, yet " + memory.cutRecords() + " records were cut");
            }
            if (memory.next(a) != -1 || streamed.next(b) != -1) {
                throw new AssertionError("a reader returned data after its end");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (PcapReplayChannel channel = new PcapReplayChannel(PcapFile.of("fuzz.pcap", input))) {
            PIPELINE.get().run(new Replay(channel));
        } catch (PcapFormatException e) {
            throw new AssertionError("accepted once, refused the second time: " + e.getMessage(), e);
        }
    }

    /** A header the memory reader refuses, the file reader refuses too, with the same words. */
    private static void expectRefusedFromFile(byte[] input, PcapFormatException fromMemory) {
        try (PcapFile f = PcapFile.open(FILE.holding(input))) {
            throw new AssertionError("refused from memory (" + fromMemory.getMessage() + ") but opened from a file");
        } catch (PcapFormatException e) {
            String m = e.getMessage().substring(e.getMessage().indexOf(':'));
            String n = fromMemory.getMessage().substring(fromMemory.getMessage().indexOf(':'));
            if (!m.equals(n)) {
                throw new AssertionError("memory says '" + n + "', file says '" + m + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The replay channel, counting what it hands over. */
    static final class Replay implements ReplyPipeline.CountingChannel {
        private final PcapReplayChannel channel;
        private long handed;
        private long bytes;

        Replay(PcapReplayChannel channel) {
            this.channel = channel;
        }

        @Override
        public void send(ByteBuffer request) {
            channel.send(request);
        }

        @Override
        public int receive(ByteBuffer rx) {
            int n = channel.receive(rx);
            if (n >= 0) {
                handed++;
                bytes += n;
            }
            return n;
        }

        @Override
        public long handedOver() {
            return handed;
        }

        @Override
        public long bytes() {
            return bytes;
        }


        @Override
        public void close() {
            channel.close();
        }
    }
}
