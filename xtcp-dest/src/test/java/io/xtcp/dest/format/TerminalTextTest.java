package io.xtcp.dest.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.core.record.DecodedRecord;
import io.xtcp.schema.v1.XtcpFlatRecord;
import org.junit.jupiter.api.Test;

/** Control characters never reach a terminal raw: the escaping itself, and the table format through it. */
class TerminalTextTest {
    @Test
    void controlCharactersBecomeVisibleEscapes() {
        assertEquals("a\\nb\\r\\t\\e[2J\\x07\\x00\\x7f\\x9b\\u2028 \\\\", TerminalText.escape("a\nb\r\t\u001b[2J\u0007\u0000\u007f\u009b\u2028 \\"));
        String plain = "cubic bbr2 dctcp ü";
        assertSame(plain, TerminalText.escape(plain), "text without control characters is returned as it is");
        assertTrue(TerminalText.hasControl("x\u001b"));
        assertFalse(TerminalText.hasControl("back\\slash"), "a backslash is escaped but is not a control character");
    }

    @Test
    void everyCharacterBelowSpaceAndInC1IsEscapedAndNoneIsLost() {
        for (char c = 0; c < 0xa0; c++) {
            String e = TerminalText.escape("<" + c + ">");
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\\';
            assertEquals(control, !e.equals("<" + c + ">"), "U+" + Integer.toHexString(c));
            for (char k : e.toCharArray()) {
                assertTrue(k >= 0x20 && k < 0x7f || k >= 0xa0, "only printable characters left for U+" + Integer.toHexString(c) + ": " + e);
            }
        }
    }

    @Test
    void csvAndTsvEscapeControlCharactersInText() {
        for (String name : new String[] {"csv", "tsv"}) {
            RecordFormat f = Formats.byName(name, java.util.List.of("congestion_algorithm_string", "netns"));
            DecodedRecord r = new DecodedRecord();
            r.reset();
            r.string(XtcpFlatRecord.NETNS_FIELD_NUMBER, "plain\\name");
            r.string(XtcpFlatRecord.CONGESTION_ALGORITHM_STRING_FIELD_NUMBER, "cu\u001b[2Jbic\nx");
            StringBuilder out = new StringBuilder();
            f.append(r, out);
            String line = out.toString();
            assertFalse(line.contains("\u001b"), name + ": " + line);
            assertTrue(line.contains("cu\\e[2Jbic\\nx") && line.contains("plain\\name"), name + ": " + line);
        }
    }

    @Test
    void theTableEscapesACongestionNameAndANamespaceFromTheKernel() {
        TableFormat table = new TableFormat();
        DecodedRecord r = new DecodedRecord();
        r.reset();
        r.string(XtcpFlatRecord.NETNS_FIELD_NUMBER, "ns\nforged 0 0");
        r.number(XtcpFlatRecord.INET_DIAG_MSG_STATE_FIELD_NUMBER, 1);
        r.string(XtcpFlatRecord.CONGESTION_ALGORITHM_STRING_FIELD_NUMBER, "cu\u001b]0;owned\u0007bic");
        StringBuilder out = new StringBuilder();
        table.append(r, out);
        out.append(table.footer());
        String text = out.toString();
        assertEquals(2, text.split("\n").length, "a header and one row, no forged line: " + text);
        assertTrue(text.contains("ns\\nforged 0 0") && text.contains("cu\\e]0;owned\\x07bic"), text);
        assertFalse(text.contains("\u001b") || text.contains("\u0007"), text);
    }
}
