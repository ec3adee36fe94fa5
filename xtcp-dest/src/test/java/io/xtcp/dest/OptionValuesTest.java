package io.xtcp.dest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionValuesTest {
    @Test
    void durationsAndSizes() {
        assertEquals(Duration.ofMillis(500), OptionValues.duration("x", "500ms"));
        assertEquals(Duration.ofSeconds(10), OptionValues.duration("x", "10s"));
        assertEquals(Duration.ofHours(1), OptionValues.duration("x", "1h"));
        assertEquals(Duration.ofMillis(250), OptionValues.duration("x", "250"));
        assertEquals(64L << 20, OptionValues.bytes("x", "64MiB"));
        assertEquals(512L << 10, OptionValues.bytes("x", "512k"));
        assertEquals(1L << 30, OptionValues.bytes("x", "1g"));
        assertEquals(1000, OptionValues.bytes("x", "1000"));
        assertThrows(IllegalArgumentException.class, () -> OptionValues.duration("x", "soon"));
        assertThrows(IllegalArgumentException.class, () -> OptionValues.bytes("x", "big"));
    }
}
