package io.xtcp.dest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.discard.DiscardDestination;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DestinationsTest {
    @Test
    void everySchemeIsRegistered() {
        assertEquals(java.util.Set.of("file", "kafka", "null", "stdout", "udp"), Destinations.factories().keySet());
    }

    @Test
    void parsesAuthorityAndPath() {
        DestinationSpec k = Destinations.parse("kafka://b1:9092,b2:9092/xtcp", Map.of("acks", "1"), null);
        assertEquals("kafka", k.scheme());
        assertEquals("b1:9092,b2:9092", k.authority());
        assertEquals("/xtcp", k.path());
        assertEquals("1", k.options().get("acks"));
        DestinationSpec f = Destinations.parse("file:///var/lib/xtcp/out.pb", Map.of(), null);
        assertEquals("", f.authority());
        assertEquals("/var/lib/xtcp/out.pb", f.path());
        DestinationSpec u = Destinations.parse("UDP://[::1]:9000", Map.of(), null);
        assertEquals("udp", u.scheme());
        assertEquals("::1", u.hostPort().getHostString());
        assertEquals(9000, u.hostPort().getPort());
        DestinationSpec s = Destinations.parse("stdout:", Map.of(), null);
        assertEquals("", s.path());
    }

    @Test
    void unknownSchemeListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Destinations.open("tcp://x:1", Map.of()));
        assertTrue(e.getMessage().contains("unknown destination scheme 'tcp'"), e.getMessage());
        assertTrue(e.getMessage().contains("file:, kafka:, null:, stdout:, udp:"), e.getMessage());
    }

    @Test
    void badUrisAreClearErrors() {
        for (String bad : new String[] {"", "no-scheme", "://x", "1udp://x:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Destinations.open(bad, Map.of()));
            assertTrue(e.getMessage().startsWith("bad destination URI"), e.getMessage());
            assertTrue(e.getMessage().contains("known schemes"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Destinations.open(null, Map.of()));
        assertMessage("udp://localhost", "expected udp://host:port");
        assertMessage("udp://localhost:0", "port must be 1..65535");
        assertMessage("udp://localhost:99999", "port must be 1..65535");
        assertMessage("kafka://b1:9092", "expected kafka://broker:9092");
        assertMessage("kafka:///topic", "expected kafka://broker:9092");
        assertMessage("file://relative/out.pb", "expected file:///absolute/path");
        assertMessage("null:something", "takes no target");
        assertMessage("stdout://x", "takes no target");
    }

    @Test
    void unknownOptionsOfOurSinksAreErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Destinations.open("udp://127.0.0.1:9", Map.of("max.datagram", "1")));
        assertTrue(e.getMessage().contains("unknown option 'max.datagram'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Destinations.open("kafka://127.0.0.1:9/t", Map.of("bootstrap.servers", "x:1")));
        assertTrue(e.getMessage().contains("bootstrap.servers"), e.getMessage());
    }

    @Test
    void opensNull() throws Exception {
        try (Destination d = Destinations.open("null:", Map.of())) {
            assertTrue(d instanceof DiscardDestination);
            assertEquals("null:", d.uri());
        }
    }

    private static void assertMessage(String uri, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Destinations.open(uri, Map.of()));
        assertTrue(e.getMessage().contains(part) && e.getMessage().contains(uri), e.getMessage());
    }
}
