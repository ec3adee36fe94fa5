package io.xtcp.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The side-server flags: parsing, validation (exit 2 naming the flag), and the token never logged. */
class HttpConfigTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"127.0.0.1:9088,127.0.0.1,9088", "[::1]:0,0:0:0:0:0:0:0:1,0", "localhost:65535,127.0.0.1,65535"})
    void listenAddresses(String listen, String host, int port) {
        InetSocketAddress a = HttpConfig.parseListen(listen);
        assertEquals(host, a.getAddress().getHostAddress());
        assertEquals(port, a.getPort());
    }

    /** xtcp2's {@code -promListen :9088}: every interface, the wildcard; a bad port is still refused. */
    @Test
    void colonPortMeansEveryInterface() {
        InetSocketAddress a = HttpConfig.parseListen(":9088");
        assertTrue(a.getAddress().isAnyLocalAddress(), a.toString());
        assertFalse(a.getAddress().isLoopbackAddress());
        assertEquals(9088, a.getPort());
        assertTrue(new HttpConfig(":0", null, HttpAuth.PROTECTED, 64, Duration.ofSeconds(60), 10).problems().isEmpty());
        for (String bad : new String[] {":", ":x", ":70000", "::9088"}) {
            HttpConfig c = new HttpConfig(bad, null, HttpAuth.PROTECTED, 64, Duration.ofSeconds(60), 10);
            assertTrue(c.problems().stream().anyMatch(p -> p.startsWith("--http-listen")), bad + " " + c.problems());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--http-listen|9088|--http-listen", "--http-listen|::1:9088|--http-listen", "--http-listen|127.0.0.1:70000|--http-listen",
        "--http-auth|everything|--http-auth", "--http-max-connections|0|--http-max-connections",
        "--http-idle-timeout|0s|--http-idle-timeout", "--http-snapshot-records|-1|--http-snapshot-records",
        "--http-snapshot-records|100001|--http-snapshot-records", "--http-token-file|/nonexistent/token|--http-token-file",
        "--metrics-path|/api/x|--metrics-path"})
    void badValuesAreExit2(String flag, String value, String named) {
        String out = RunConfigTest.stderrOf(Map.of(), "run", flag, value);
        assertTrue(out.startsWith("2|"), out);
        assertTrue(out.contains(named), out);
    }

    @Test
    void shortOrEmptyTokensAreRefusedAndTheTokenIsNeverDescribed() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Path shortOne = Files.writeString(dir.resolve("short"), "abc\n");
        Path good = Files.writeString(dir.resolve("good"), "  0123456789abcdef-secret \n");
        assertTrue(RunConfigTest.stderrOf(Map.of(), "run", "--http-token-file", empty.toString()).contains("is empty"));
        assertTrue(RunConfigTest.stderrOf(Map.of(), "run", "--http-token-file", shortOne.toString()).contains("at least 16"));
        HttpConfig c = new HttpConfig("off", good, HttpAuth.PROTECTED, 64, Duration.ofSeconds(60), 10_000);
        assertEquals("0123456789abcdef-secret", c.readToken());
        assertTrue(c.problems().isEmpty(), c.problems().toString());
        assertFalse(c.describe().contains("secret"), c.describe());
        assertFalse(c.enabled());
    }

    @Test
    void flagsComeFromTheEnvironmentToo() {
        String out = RunConfigTest.stderrOf(Map.of("XTCP_HTTP_AUTH", "sometimes"), "run");
        assertTrue(out.startsWith("2|") && out.contains("--http-auth"), out);
    }
}
