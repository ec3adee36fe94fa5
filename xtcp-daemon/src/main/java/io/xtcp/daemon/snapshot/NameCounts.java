package io.xtcp.daemon.snapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The distinct names one poll met in one key (namespaces, congestion algorithms), each given a
 * small index in the order met, with a count of records per name. Records store the index, so a
 * name string is made once per poll, not once per socket.
 */
final class NameCounts {
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private long[] counts = new long[4];

    /** The index of {@code name}, added at the end if it is new. */
    int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            i = names.size();
            names.add(name);
            index.put(name, i);
            if (i == counts.length) {
                counts = Arrays.copyOf(counts, i * 2);
            }
        }
        return i;
    }

    void add(int i, long n) {
        counts[i] += n;
    }

    int size() {
        return names.size();
    }

    String name(int i) {
        return names.get(i);
    }

    long count(int i) {
        return counts[i];
    }

    /** Zeroes the counts, keeping the names and their indexes. */
    void clearCounts() {
        Arrays.fill(counts, 0);
    }

    /** Forgets the names too. */
    void clear() {
        clearCounts();
        names.clear();
        index.clear();
    }

    String[] toArray() {
        return names.toArray(new String[0]);
    }

    /** The names with a count above zero and their counts, sorted by name. */
    Map<String, Long> toMap() {
        Map<String, Long> m = new TreeMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (counts[i] > 0) {
                m.merge(names.get(i), counts[i], Long::sum);
            }
        }
        return m;
    }
}
