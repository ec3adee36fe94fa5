package io.xtcp.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** IPv4 dotted quads and IPv6 text per RFC 5952 (its section 4 rules and examples). */
class AddressTextTest {

    @Test
    void ipv4() {
        assertEquals("10.0.2.15", AddressText.format(new byte[] {10, 0, 2, 15}, 0, 4));
        assertEquals("255.255.255.255", AddressText.format(new byte[] {-1, -1, -1, -1}, 0, 4));
        assertEquals("0.0.0.0", AddressText.format(new byte[4], 0, 4));
        assertEquals("127.0.0.1", AddressText.format(new byte[] {9, 9, 127, 0, 0, 1, 9}, 2, 4), "reads at the offset");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // 4.1 leading zeros suppressed; 4.2.1 "::" shortens as much as possible
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "0000:0000:0000:0000:0000:0000:0000:0000, ::",
        "0000:0000:0000:0000:0000:0000:0000:0001, ::1",
        "2001:0db8:0000:0000:0000:0000:0000:0000, 2001:db8::",
        "fe80:0000:0000:0000:0000:0000:0001:0002, fe80::1:2",
        // 4.2.2 a single 16-bit 0 field is not shortened
        "2001:0db8:0000:0001:0001:0001:0001:0001, 2001:db8:0:1:1:1:1:1",
        // 4.2.3 the longest run is shortened; of equal runs, the first
        "2001:0000:0000:0001:0000:0000:0000:0001, 2001:0:0:1::1",
        "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
        // 4.3 lower case
        "2001:0DB8:0000:0000:0000:0000:0000:AAAA, 2001:db8::aaaa",
        "2001:0db8:1234:5678:9abc:def0:1234:5678, 2001:db8:1234:5678:9abc:def0:1234:5678",
        // 5 IPv4-mapped addresses keep the dotted quad
        "0000:0000:0000:0000:0000:ffff:7f00:0001, ::ffff:127.0.0.1",
        "0000:0000:0000:0000:0000:ffff:c000:0201, ::ffff:192.0.2.1",
        "0000:0000:0000:0000:0000:ffff:0000:0000, ::ffff:0.0.0.0",
    })
    void ipv6(String full, String expected) {
        assertEquals(expected, AddressText.format(bytes(full), 0, 16));
    }

    @Test
    void ipv6AtAnOffset() {
        byte[] b = new byte[20];
        System.arraycopy(bytes("0000:0000:0000:0000:0000:0000:0000:0001"), 0, b, 4, 16);
        b[0] = 1;
        assertEquals("::1", AddressText.format(b, 4, 16));
    }

    @Test
    void otherLengthsAreHex() {
        assertEquals("0x0a00ff", AddressText.format(new byte[] {10, 0, -1}, 0, 3));
        assertEquals("0x", AddressText.format(new byte[0], 0, 0));
    }

    private static byte[] bytes(String full) {
        String[] g = full.split(":");
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            int v = Integer.parseInt(g[i], 16);
            b[2 * i] = (byte) (v >>> 8);
            b[2 * i + 1] = (byte) v;
        }
        return b;
    }
}
