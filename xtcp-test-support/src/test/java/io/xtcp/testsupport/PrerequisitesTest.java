package io.xtcp.testsupport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The gate with the environment given: a missing requirement skips, fails under CI=true, and a met one passes. */
class PrerequisitesTest {
    private static final String WHAT = "needs root (it mounts a tmpfs)";

    @Test
    void missingOutsideCiSkipsWithTheReason() {
        for (Map<String, String> env : new Map[] {Map.of(), Map.of("CI", "false"), Map.of("CI", "")}) {
            TestAbortedException e = assertThrows(TestAbortedException.class, () -> Prerequisites.require(false, WHAT, env));
            assertEquals("skipped: this test needs root (it mounts a tmpfs) (set CI=true to make that a failure)", e.getMessage());
        }
    }

    @Test
    void missingUnderCiFailsWithTheReason() {
        for (String ci : new String[] {"true", "TRUE", "True"}) {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> Prerequisites.require(false, WHAT, Map.of("CI", ci)));
            assertEquals("CI=true, so this test must run, but it needs root (it mounts a tmpfs)", e.getMessage());
        }
    }

    @Test
    void metPassesWithOrWithoutCi() {
        assertDoesNotThrow(() -> Prerequisites.require(true, WHAT, Map.of()));
        assertDoesNotThrow(() -> Prerequisites.require(true, WHAT, Map.of("CI", "true")));
    }

    @Test
    void ciIsTrueOnlyForTrue() {
        assertTrue(Prerequisites.ci(Map.of("CI", "true")));
        assertFalse(Prerequisites.ci(Map.of("CI", "1")));
        assertFalse(Prerequisites.ci(Map.of()));
    }

    @Test
    void readsThisProcessFromProc() {
        assertTrue(Prerequisites.uid() >= 0);
        assertDoesNotThrow(Prerequisites::effectiveCapabilities);
    }
}
