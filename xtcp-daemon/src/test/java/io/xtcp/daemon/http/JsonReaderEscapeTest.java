package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A {@code \}{@code u} escape takes exactly four ASCII hex digits (RFC 8259 HEXDIG), in either case. */
class JsonReaderEscapeTest {
    @Test
    void asciiHexDigitsInEitherCase() {
        assertEquals("A\u00e9\u00e9", JsonReader.parse("\"\\u0041\\u00e9\\u00E9\""));
    }

    @Test
    void otherDigitsAreRefused() {
        // Arabic-Indic and fullwidth digits are digits to Character.digit, not to JSON.
        for (String digits : new String[] {"\u0660\u0660\u0664\u0661", "\uff10\uff10\uff14\uff11", "004g", "00 4"}) {
            JsonReader.JsonException e = assertThrows(JsonReader.JsonException.class,
                    () -> JsonReader.parse("\"\\u" + digits + "\""), digits);
            assertEquals(true, e.getMessage().contains("bad \\u escape"), e.getMessage());
        }
    }
}
