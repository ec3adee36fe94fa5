package io.xtcp.daemon.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceSelectorTest {
    static final Namespace HOST = new Namespace("host", 100, 0, "/proc/1/ns/net", true);
    static final Namespace WEB1 = new Namespace("web-1", 101, 0, "/run/netns/web-1", false);
    static final Namespace WEB2 = new Namespace("web-2", 102, 0, "/run/netns/web-2", false);
    static final Namespace DB = new Namespace("db", 103, 0, "/run/netns/db", false);
    static final Namespace CONTAINER = new Namespace("pid:4242", 104, 0, "/proc/4242/ns/net", false);

    /** Only {@code self} alone spares the setns (and CAP_SYS_ADMIN); exclusions do not change that. */
    @Test
    void selfOnlyIsSelfAlone() {
        assertTrue(select("self").selfOnly());
        assertTrue(NamespaceSelector.parse(List.of("self"), List.of("web-*")).selfOnly());
        assertFalse(select("all").selfOnly());
        assertFalse(select("self,db").selfOnly());
        assertFalse(select("pid:*").selfOnly());
    }

    @Test
    void allSelfNamesAndGlobs() {
        assertMatches(NamespaceSelector.all(), HOST, WEB1, WEB2, DB, CONTAINER);
        assertMatches(select("self"), HOST);
        assertMatches(select("web-*"), WEB1, WEB2);
        assertMatches(select("db,web-?"), WEB1, WEB2, DB);
        assertMatches(select("web-[2-9]"), WEB2);
        assertMatches(select("web-[!2]"), WEB1);
        assertMatches(select("pid:*"), HOST, CONTAINER); // the host's old pid:1 name is an alias
        assertMatches(select("self,db"), HOST, DB);
    }

    @Test
    void excludesWin() {
        assertMatches(NamespaceSelector.parse(List.of("all"), List.of("self", "web-1")), WEB2, DB, CONTAINER);
        assertMatches(NamespaceSelector.parse(List.of("web-*"), List.of("*-2")), WEB1);
    }

    @Test
    void globCharactersAreOnlyStarQuestionAndClass() {
        Namespace dotted = new Namespace("a.b+c", 1, 0, "/run/netns/a.b+c", false);
        assertTrue(select("a.b+c").matches(dotted));
        assertFalse(select("a?b+c").matches(new Namespace("a.bbc", 2, 0, "", false)));
        assertFalse(select("a.b").matches(dotted), "a glob matches the whole name");
    }

    @Test
    void selectionOrSingleNamespace() {
        assertTrue(NamespaceSelector.isSelection("all"));
        assertTrue(NamespaceSelector.isSelection("self"));
        assertTrue(NamespaceSelector.isSelection("web-*"));
        assertTrue(NamespaceSelector.isSelection("a,b"));
        assertFalse(NamespaceSelector.isSelection("web-1"), "one name keeps the single-namespace dump");
        assertFalse(NamespaceSelector.isSelection("/proc/1/ns/net"));
    }

    @Test
    void literalNamesAreReportedForTypoChecks() {
        assertEquals(List.of("db", "web"), NamespaceSelector.parse(List.of("all,db,web,x*"), List.of()).literalNames());
    }

    @Test
    void emptyTermIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> select("a,,b"));
    }

    private static NamespaceSelector select(String s) {
        return NamespaceSelector.parse(List.of(s), List.of());
    }

    private static void assertMatches(NamespaceSelector sel, Namespace... expected) {
        List<Namespace> all = List.of(HOST, WEB1, WEB2, DB, CONTAINER);
        List<Namespace> want = List.of(expected);
        for (Namespace ns : all) {
            assertEquals(want.contains(ns), sel.matches(ns), () -> sel + " on " + ns);
        }
    }

    @Test
    void hostSelectsTheHostsNamespaceByNameOrItsOldPidName() {
        assertTrue(NamespaceSelector.isSelection("host"), "host goes through discovery, not /run/netns/host");
        assertMatches(select("host"), HOST);
        assertMatches(select("pid:1"), HOST);
        assertMatches(select("host,db"), HOST, DB);
        assertMatches(NamespaceSelector.parse(List.of("all"), List.of("host")), WEB1, WEB2, DB, CONTAINER);
        assertEquals(List.of("host", "pid:1"), HOST.selectableNames());
        assertEquals(List.of("pid:4242"), CONTAINER.selectableNames(), "only the host has an alias");
    }
}
