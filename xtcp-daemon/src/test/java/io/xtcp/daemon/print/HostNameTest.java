package io.xtcp.daemon.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.XtcpSubprocess;
import io.xtcp.daemon.netns.Namespace;
import io.xtcp.daemon.netns.NamespaceDiscovery;
import io.xtcp.testsupport.Prerequisites;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host's namespace has one name, {@code host}, in {@code dump} as in {@code --netns all} and
 * {@code run}: without --netns (xtcp's own namespace, when it is the host's), and selected by
 * {@code --netns host}. The same socket's state is a number in jsonl and a name in the table. Runs in a child JVM in the test's own namespace, which is the host's on the
 * build machines (elsewhere skipped, and failed under CI=true, as every gated test).
 */
class HostNameTest {
    static long ownInode() throws Exception {
        String link = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
    }

    static String stdout(String... args) throws Exception {
        XtcpSubprocess.Outcome o = XtcpSubprocess.run(args);
        assertEquals(0, o.status(), String.join(" ", args) + ": " + o.err());
        return o.out();
    }

    /** The jsonl lines of a listening socket on {@code port}. */
    static List<String> linesOf(String out, int port) {
        return out.lines().filter(l -> l.contains("\"inetDiagMsgSocketSourcePort\":" + port + ",")).toList();
    }

    @Test
    void dumpNamesTheHostsNamespaceHostWithOrWithoutNetns() throws Exception {
        Prerequisites.require(ownInode() == NamespaceDiscovery.hostInode(), "runs in the host's network namespace");
        try (ServerSocket here = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = here.getLocalPort();
            for (String[] args : List.of(new String[] {"dump", "--format", "jsonl", "--decoders", "info"},
                    new String[] {"dump", "--netns", "host", "--format", "jsonl", "--decoders", "info"})) {
                List<String> lines = linesOf(stdout(args), port);
                assertEquals(1, lines.size(), String.join(" ", args) + ": " + lines);
                assertTrue(lines.get(0).contains("\"netns\":\"" + Namespace.HOST + "\""), String.join(" ", args) + ": " + lines);
                assertTrue(lines.get(0).contains("\"inetDiagMsgState\":10,"), "jsonl, a machine format: the state's number: " + lines);
                assertTrue(lines.get(0).contains("\"netnsInode\":\"" + ownInode() + "\"") || lines.get(0).contains("\"netnsInode\":" + ownInode()),
                        String.join(" ", args) + ": " + lines);
            }
            String table = stdout("dump", "--format", "table", "--decoders", "info");
            String row = table.lines().filter(l -> l.contains(":" + port + " ")).findFirst().orElseThrow(() -> new AssertionError(table));
            assertTrue(row.contains(" " + Namespace.HOST + " ") || row.startsWith(Namespace.HOST + " "), "the table names it too, not '-': " + row);
            assertFalse(row.startsWith("- "), row);
            assertTrue(row.contains(" LISTEN "), "table, the human format: the state's name: " + row);
        }
    }
}
