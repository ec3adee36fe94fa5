package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.netlink.TcpState;
import io.xtcp.core.record.AddressText;
import io.xtcp.core.testing.SsSocket;
import io.xtcp.core.testing.SsText;
import io.xtcp.schema.v1.Envelope;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `xtcp dump` against `ss` on the same live sockets: a fresh namespace holds a few hundred IPv4
 * and IPv6 loopback connections; both tools must see exactly the same sockets with the same
 * static fields (addresses, ports, state, cookie, inode, mss, advmss, window scales, congestion
 * control).
 */
class LiveDumpVsSsIT {
    static final int PER_ADDRESS = 150;
    static TestNamespaces namespaces;
    static String ns;

    @BeforeAll
    static void sockets() throws Exception {
        Xtcp.requireRootAnd("ip", "ss", "python3");
        namespaces = new TestNamespaces();
        ns = namespaces.create("live");
        namespaces.holdConnections(ns, PER_ADDRESS, 4242, "127.0.0.1", "::1");
    }

    @AfterAll
    static void cleanup() {
        if (namespaces != null) {
            namespaces.close();
        }
    }

    /** ss's view: key "local peer" → socket. */
    static Map<String, SsSocket> ssView() throws Exception {
        String text = TestNamespaces.exec(ns, "ss", "-tanei");
        Map<String, SsSocket> m = new TreeMap<>();
        for (SsSocket s : SsText.parse(List.of(text.split("\n")))) {
            m.put(key(s.local().address(), s.local().portNumber(), s.peer().address(), s.peer().portNumber()), s);
        }
        return m;
    }

    static String key(String local, long lport, String peer, long pport) {
        String l = local.equals("*") || local.equals("0.0.0.0") || local.equals("::") ? "*" : local;
        String p = peer.equals("*") || peer.equals("0.0.0.0") || peer.equals("::") ? "*" : peer;
        return l + ":" + lport + " " + p + ":" + pport;
    }

    @Test
    void jsonlSeesExactlyTheSocketsSsSees() throws Exception {
        Cmd.Result dump = Cmd.run(Duration.ofSeconds(120), Xtcp.launcher("dump", "--netns", ns, "--format", "jsonl"));
        assertEquals(0, dump.exit(), dump::toString);
        Map<String, SsSocket> ss = ssView();
        Map<String, Map<String, String>> ours = new TreeMap<>();
        for (String line : dump.out().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> r = JsonLines.object(line.strip());
            String k = key(r.get("inetDiagMsgSocketSource"), Long.parseLong(r.get("inetDiagMsgSocketSourcePort")),
                    r.get("inetDiagMsgSocketDestination"), Long.parseLong(r.get("inetDiagMsgSocketDestinationPort")));
            assertTrue(ours.put(k, r) == null, "each socket once: " + k);
        }
        assertTrue(ss.size() >= 4 * PER_ADDRESS + 2, "ss sees the connections: " + ss.size());
        assertEquals(ss.keySet(), ours.keySet(), "same socket set");

        int compared = 0;
        for (Map.Entry<String, SsSocket> e : ss.entrySet()) {
            SsSocket s = e.getValue();
            Map<String, String> r = ours.get(e.getKey());
            String at = e.getKey() + ": ";
            assertEquals(s.state(), TcpState.ssName(Integer.parseInt(r.get("inetDiagMsgState"))), at + "state");
            assertEquals(s.cookie(), Long.parseUnsignedLong(r.get("inetDiagMsgSocketCookie")), at + "cookie");
            assertEquals(s.number("ino"), Long.parseLong(r.get("inetDiagMsgInode")), at + "inode");
            assertEquals(s.congestion(), r.get("congestionAlgorithmString"), at + "congestion control");
            if (s.has("mss")) {
                assertEquals(s.number("mss"), Long.parseLong(r.get("tcpInfoSndMss")), at + "mss");
                assertEquals(s.number("advmss"), Long.parseLong(r.get("tcpInfoAdvMss")), at + "advmss");
                compared++;
            }
            if (s.has("wscale.snd")) {
                assertEquals(s.number("wscale.snd"), Long.parseLong(r.get("tcpInfoSendScale")), at + "snd wscale");
                assertEquals(s.number("wscale.rcv"), Long.parseLong(r.get("tcpInfoRcvScale")), at + "rcv wscale");
            }
        }
        assertTrue(compared >= 4 * PER_ADDRESS, "mss compared on every connection: " + compared);
    }

    @Test
    void protobufEnvelopesHoldTheSameSockets() throws Exception {
        Path out = Files.createTempFile("xtcp-dump", ".pb");
        try {
            List<String> cmd = Xtcp.launcher("dump", "--netns", ns, "--format", "proto");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            assertEquals(0, p.waitFor());
            List<XtcpFlatRecord> records = new ArrayList<>();
            try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(out))) {
                Envelope e;
                while ((e = Envelope.parseDelimitedFrom(in)) != null) {
                    records.addAll(e.getRowList());
                }
            }
            Map<String, SsSocket> ss = ssView();
            Map<String, XtcpFlatRecord> ours = new TreeMap<>();
            for (XtcpFlatRecord r : records) {
                byte[] src = r.getInetDiagMsgSocketSource().toByteArray();
                byte[] dst = r.getInetDiagMsgSocketDestination().toByteArray();
                ours.put(key(AddressText.format(src, 0, src.length), r.getInetDiagMsgSocketSourcePort(),
                        AddressText.format(dst, 0, dst.length), r.getInetDiagMsgSocketDestinationPort()), r);
                assertEquals(ns, r.getNetns(), "records carry the namespace name");
                assertTrue(r.getRecordCounter() > 0, "record counter set");
            }
            assertEquals(ss.keySet(), ours.keySet());
            for (Map.Entry<String, SsSocket> e : ss.entrySet()) {
                if (e.getValue().has("rtt")) {
                    assertTrue(ours.get(e.getKey()).getTcpInfoRtt() > 0, "rtt present for " + e.getKey());
                }
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void missingNamespaceIsAClearUsageError() throws Exception {
        Cmd.Result dump = Cmd.run(Duration.ofSeconds(60), Xtcp.launcher("dump", "--netns", "xtcp-no-such-namespace"));
        assertEquals(2, dump.exit(), dump::toString);
        assertTrue(dump.err().contains("xtcp-no-such-namespace") && dump.err().contains("ENOENT"), dump::toString);
    }

}
