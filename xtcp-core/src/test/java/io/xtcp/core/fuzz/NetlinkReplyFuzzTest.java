package io.xtcp.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the netlink reply parsers (InetDiagDumper, NlMsgHdr, InetDiagMsg, DiagAttributes, the
 * tcp_info and attribute decoders, the record encoder and envelope builder) with arbitrary reply
 * datagrams, checking {@link ReplyPipeline}'s invariants.
 *
 * <p>Input: datagrams, each a little-endian u16 length then that many bytes; a length past the end
 * takes what is left. The seeds are reply datagrams cut from the kernel captures in
 * {@code ../shared/fixtures/netlink} (5.4 to 6.10). Under {@code mvn verify} the seeds and a short
 * fuzzing run go through JUnit; docs/fuzzing.md gives the long run.
 */
class NetlinkReplyFuzzTest {
    private static final ThreadLocal<ReplyPipeline> PIPELINE = ThreadLocal.withInitial(ReplyPipeline::new);

    @FuzzTest(maxDuration = "5s")
    void replies(byte[] input) {
        fuzzerTestOneInput(input);
    }

    /** The entry point of the standalone fuzzer (docs/fuzzing.md). */
    public static void fuzzerTestOneInput(byte[] input) {
        PIPELINE.get().run(new Datagrams(split(input)));
    }

    static List<byte[]> split(byte[] input) {
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        while (pos + 2 <= input.length) {
            int len = (input[pos] & 0xFF) | (input[pos + 1] & 0xFF) << 8;
            pos += 2;
            int n = Math.min(len, input.length - pos);
            byte[] d = new byte[n];
            System.arraycopy(input, pos, d, 0, n);
            out.add(d);
            pos += n;
        }
        return out;
    }

    /** Hands the datagrams over in order, as a netlink socket would, then -1. */
    static final class Datagrams implements ReplyPipeline.CountingChannel {
        private final List<byte[]> datagrams;
        private int next;
        private long bytes;

        Datagrams(List<byte[]> datagrams) {
            this.datagrams = datagrams;
        }

        @Override
        public void send(ByteBuffer request) {
            // replies are already queued
        }

        @Override
        public int receive(ByteBuffer rx) {
            if (next >= datagrams.size()) {
                return -1;
            }
            byte[] d = datagrams.get(next++);
            int n = Math.min(d.length, rx.capacity()); // a socket truncates what does not fit (MSG_TRUNC)
            rx.clear();
            rx.put(0, d, 0, n);
            rx.limit(n);
            bytes += n;
            return n;
        }

        @Override
        public long handedOver() {
            return next;
        }

        @Override
        public long bytes() {
            return bytes;
        }


        @Override
        public void close() {
            // memory only
        }
    }
}
