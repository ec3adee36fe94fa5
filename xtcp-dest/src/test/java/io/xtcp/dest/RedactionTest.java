package io.xtcp.dest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One rule hides secrets wherever options are printed, and destinations' checks refuse out-of-range options naming them. */
class RedactionTest {
    @Test
    void keysNamingASecretAreHidden() {
        for (String k : new String[] {"sasl.jaas.config", "ssl.key.password", "ssl.keystore.key", "ssl.keystore.password",
            "ssl.truststore.password", "sasl.oauthbearer.client.credentials.client.secret", "api-key", "apikey", "token",
            "basic.auth.user.info.credentials", "ssl.keystore.certificate.chain.private"}) {
            assertTrue(Redaction.isSecret(k), k);
            assertEquals("***", Redaction.value(k, "v"), k);
        }
        for (String k : new String[] {"key", "acks", "linger.ms", "ssl.keystore.location", "ssl.keystore.type", "max.inflight",
            "compression.type", "security.protocol"}) {
            assertFalse(Redaction.isSecret(k), k);
        }
        Map<String, String> o = new LinkedHashMap<>();
        o.put("acks", "all");
        o.put("sasl.jaas.config", "pw-1234");
        assertEquals("{acks=all, sasl.jaas.config=***}", Redaction.options(o).toString());
        assertEquals("the *** was wrong", Redaction.scrub("the pw-1234 was wrong", o));
        assertEquals("ssl.key.password=***", Redaction.assignment("ssl.key.password=hunter2"));
        assertEquals("http://host:4040/x", Redaction.url("http://user:hunter2@host:4040/x"));
        assertTrue(new DestinationSpec("kafka://h:9092/t", "kafka", "h:9092", "/t", o, null).toString().contains("sasl.jaas.config=***"));
    }

    @Test
    void checksRefuseOutOfRangeOptionsWithoutOpeningAnything() {
        assertThrows(DestinationOptionException.class, () -> Destinations.check("udp://127.0.0.1:9", Map.of("max.inflight", "100000000")));
        assertThrows(DestinationOptionException.class, () -> Destinations.check("udp://127.0.0.1:9", Map.of("max.datagram.bytes", "70000")));
        assertThrows(DestinationOptionException.class, () -> Destinations.check("file:///tmp/x.pb", Map.of("retain", "0")));
        assertThrows(DestinationOptionException.class, () -> Destinations.check("stdout:", Map.of("a", "b")));
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> Destinations.check("kafka://h:notaport/t", Map.of()));
        assertTrue(port.getMessage().contains("port"), port.getMessage());
        IllegalArgumentException userInfo = assertThrows(IllegalArgumentException.class,
                () -> Destinations.check("kafka://user:hunter2@h:9092/t", Map.of()));
        assertFalse(userInfo.getMessage().contains("hunter2"), userInfo.getMessage());
        DestinationOptionException acks = assertThrows(DestinationOptionException.class,
                () -> Destinations.check("kafka://127.0.0.1:9/t", Map.of("acks", "maybe", "ssl.key.password", "maybe-secret")));
        assertTrue(acks.getMessage().contains("acks") && !acks.getMessage().contains("maybe-secret"), acks.getMessage());
        Destinations.check("kafka://127.0.0.1:9,[::1]:9092/t", Map.of("acks", "1", "key", "hostname", "close.timeout", "5s"));
        Destinations.check("udp://127.0.0.1:9", Map.of("max.inflight", "1024", "max.datagram.bytes", "1400"));
        Destinations.check("file:///nonexistent-xtcp-check/x.pb", Map.of("retain", "3"));
        assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/nonexistent-xtcp-check")), "a check creates nothing");
    }
}
