package io.xtcp.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.config.LogFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The text log escapes control characters in every message, so a namespace name with a newline cannot forge a line. */
class LogEscapingTest {
    @Test
    void aNewlineOrEscInAMessageStaysOnItsLine() {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            LoggingSetup.configure(LogFormat.TEXT, "info");
            LoggerFactory.getLogger("test").warn("namespace {} appeared", "web\n2026-12-07T00:00:00Z ERROR forged\u001b[2J");
        } finally {
            System.setErr(old);
            LoggingSetup.configure(LogFormat.TEXT, "info");
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.strip().split("\n").length, out);
        assertTrue(out.contains("namespace web\\n2026-12-07T00:00:00Z ERROR forged\\e[2J appeared"), out);
        assertFalse(out.contains("\u001b"), out);
    }
}
