package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The subscription parser against a table of adversarial inputs ({@link JsonCases}): the verdict and the words of each refusal. */
class JsonReaderTest {
    static Stream<JsonCases.Case> cases() {
        return JsonCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictAndRefusal(JsonCases.Case c) {
        if (c.valid()) {
            JsonReader.parse(c.text());
        } else {
            JsonReader.JsonException e = assertThrows(JsonReader.JsonException.class, () -> JsonReader.parse(c.text()));
            assertEquals(c.refusal(), e.getMessage());
        }
    }

    @Test
    void valuesComeOutTyped() {
        assertEquals(Map.of("type", "subscribe", "filter", Map.of("netns", List.of("red", "blue"), "states", List.of("established"),
                "ports", List.of(443L))), JsonReader.parse(JsonCases.TYPICAL));
        assertEquals(Long.MAX_VALUE, JsonReader.parse("9223372036854775807"));
        assertEquals(9.223372036854775808E18, JsonReader.parse("9223372036854775808"));
        assertEquals(Double.POSITIVE_INFINITY, JsonReader.parse("1e999"));
        assertEquals(-0L, JsonReader.parse("-0"));
        assertEquals("\ud83d\ude00", JsonReader.parse("\"\\ud83d\\ude00\""));
        assertEquals("\" \\ / \b \f \n \r \t A\u00e9", JsonReader.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\u00e9\""));
        assertEquals(java.util.Arrays.asList(true, false, null), JsonReader.parse("[true,false,null]"));
    }
}
