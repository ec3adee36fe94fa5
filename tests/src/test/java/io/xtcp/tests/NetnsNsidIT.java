package io.xtcp.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code nsid} in records: two namespaces made with {@code ip netns add}, one given id 42 with
 * {@code ip netns set NAME 42}, the other none. Oracle: {@code ip netns list}, which prints
 * {@code NAME (id: N)} for namespaces the caller's namespace has an id for, and {@code NAME} alone
 * otherwise; xtcp writes 0 (omitted in jsonl, or "0") for none.
 */
@Timeout(180)
class NetnsNsidIT {
    private static final Pattern LIST_LINE = Pattern.compile("^(\\S+)(?: \\(id: (-?\\d+)\\))?$");

    @Test
    void recordsCarryTheIdIpNetnsListShows() throws Exception {
        Xtcp.requireRootAnd("ip", "python3");
        try (TestNamespaces namespaces = new TestNamespaces()) {
            String withId = namespaces.create("nsid-a");
            String without = namespaces.create("nsid-b");
            Cmd.ok("ip", "netns", "set", withId, "42");
            int port = Ports.belowEphemeral(2);
            namespaces.holdConnections(withId, 1, port, "127.0.0.1");
            namespaces.holdConnections(without, 1, port + 1, "127.0.0.1");

            Map<String, String> oracle = ipNetnsList();
            assertEquals("42", oracle.get(withId), "ip netns list: " + oracle);
            assertTrue(oracle.containsKey(without), "ip netns list: " + oracle);
            assertEquals(null, oracle.get(without), "ip netns list shows no id for " + without);

            Cmd.Result r = Cmd.run(Duration.ofSeconds(120), Xtcp.launcher("dump", "--netns", withId + "," + without, "--format", "jsonl"));
            assertEquals(0, r.exit(), r::toString);
            List<Map<String, String>> records = JsonLines.parse(r.out());
            Map<String, Integer> perNs = new HashMap<>();
            for (Map<String, String> rec : records) {
                String ns = rec.get("netns");
                perNs.merge(ns, 1, Integer::sum);
                String nsid = rec.getOrDefault("nsid", "0");
                String expected = oracle.get(ns) == null ? "0" : oracle.get(ns);
                assertEquals(expected, nsid, "nsid of a record of " + ns + ": " + rec);
            }
            // at least the listener and both ends of the connection in each
            assertTrue(perNs.getOrDefault(withId, 0) >= 3, "records per namespace: " + perNs + "\n" + r);
            assertTrue(perNs.getOrDefault(without, 0) >= 3, "records per namespace: " + perNs + "\n" + r);
            assertTrue(r.out().contains("\"nsid\":42"), "jsonl carries \"nsid\":42");
        }
    }

    /** {@code ip netns list}: name -> id, or null for a namespace listed without one. */
    private static Map<String, String> ipNetnsList() {
        Map<String, String> out = new HashMap<>();
        for (String line : Cmd.ok("ip", "netns", "list").out().split("\n")) {
            Matcher m = LIST_LINE.matcher(line.trim());
            if (m.matches()) {
                out.put(m.group(1), m.group(2));
            }
        }
        return out;
    }
}
