package io.xtcp.core.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link DumpStats.Counter} reaches every counter field once, and what iterates it (copy, sum, difference, text). */
class DumpStatsTest {
    /** The public long fields: the counters the parser increments. */
    private static List<Field> counterFields() {
        List<Field> fields = new ArrayList<>();
        for (Field f : DumpStats.class.getFields()) {
            if (f.getType() == long.class && !Modifier.isStatic(f.getModifiers())) {
                fields.add(f);
            }
        }
        return fields;
    }

    @Test
    void everyCounterFieldHasExactlyOneConstant() throws IllegalAccessException {
        List<Field> fields = counterFields();
        assertEquals(fields.size(), DumpStats.Counter.COUNT, "a long field without a Counter (or the reverse)");
        Set<String> reached = new HashSet<>();
        for (DumpStats.Counter c : DumpStats.Counter.values()) {
            DumpStats s = new DumpStats();
            s.set(c, 7);
            assertEquals(7, s.get(c), c.name());
            for (Field f : fields) {
                if (f.getLong(s) != 0) {
                    assertEquals(7, f.getLong(s), c + " -> " + f.getName());
                    assertEquals(true, reached.add(f.getName()), f.getName() + " reached twice");
                }
            }
        }
        assertEquals(fields.size(), reached.size(), "every field reached: " + reached);
    }

    private static DumpStats numbered(int base) {
        DumpStats s = new DumpStats();
        for (DumpStats.Counter c : DumpStats.Counter.values()) {
            s.set(c, base + c.ordinal());
        }
        return s;
    }

    @Test
    void copySumDifferenceAndClearCoverEveryCounterAndLastErrno() {
        DumpStats a = numbered(100);
        a.lastErrno = 1;
        DumpStats b = numbered(10);
        b.lastErrno = 0;

        DumpStats copy = new DumpStats();
        a.copyTo(copy);
        DumpStats sum = numbered(100);
        sum.lastErrno = 2;
        sum.add(b);
        DumpStats diff = new DumpStats();
        diff.setDifference(a, b);
        for (DumpStats.Counter c : DumpStats.Counter.values()) {
            assertEquals(100 + c.ordinal(), copy.get(c), c.name());
            assertEquals(110 + 2 * c.ordinal(), sum.get(c), c.name());
            assertEquals(90, diff.get(c), c.name());
        }
        assertEquals(1, copy.lastErrno);
        assertEquals(2, sum.lastErrno, "an other without an errno keeps this one's");
        assertEquals(1, diff.lastErrno, "the later reading's errno");

        copy.clear();
        for (DumpStats.Counter c : DumpStats.Counter.values()) {
            assertEquals(0, copy.get(c), c.name());
        }
        assertEquals(0, copy.lastErrno);
    }

    @Test
    void textNamesEveryCounterButDumps() {
        DumpStats s = numbered(1);
        assertEquals("sockets=2 messages=3 datagrams=4 bytes=5 malformed=6 short=7 badAttrs=8 unknownAttrs=9"
                + " seqMismatch=10 unexpectedType=11 interrupted=12 errors=13", s.toString());
    }
}
