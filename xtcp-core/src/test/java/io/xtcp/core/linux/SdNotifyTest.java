package io.xtcp.core.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SdNotifyTest {
    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.limit()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void pathAddressKeepsItsTerminatingNul() {
        // sun_family = AF_UNIX (1, little-endian short), then "/run/n" and a NUL: addrlen 2 + 6 + 1
        assertArrayEquals(new byte[] {1, 0, '/', 'r', 'u', 'n', '/', 'n', 0}, bytes(SdNotify.sockaddr("/run/n")));
    }

    @Test
    void abstractAddressStartsWithNulAndHasNoTerminator() {
        // "@xt" → sun_path = "\0xt": addrlen 2 + 3
        assertArrayEquals(new byte[] {1, 0, 0, 'x', 't'}, bytes(SdNotify.sockaddr("@xt")));
    }

    @Test
    void longestNamesFitSunPath() {
        assertTrue(SdNotify.sockaddr("/" + "a".repeat(106)).limit() == 2 + 108);
        assertTrue(SdNotify.sockaddr("@" + "a".repeat(107)).limit() == 2 + 108);
        assertThrows(IllegalArgumentException.class, () -> SdNotify.sockaddr("/" + "a".repeat(107)));
        assertThrows(IllegalArgumentException.class, () -> SdNotify.sockaddr("@" + "a".repeat(108)));
    }

    @Test
    void refusesNamesItCannotReach() {
        assertThrows(IllegalArgumentException.class, () -> SdNotify.sockaddr("run/notify"));
        assertThrows(IllegalArgumentException.class, () -> SdNotify.sockaddr("vsock:2:1234"));
        assertThrows(IllegalArgumentException.class, () -> SdNotify.sockaddr("@"));
    }

    @Test
    void unsetOrEmptyVariableMeansNoNotifier() throws Exception {
        assertNull(SdNotify.fromEnvironment(Map.of()));
        assertNull(SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "")));
    }
}
