package io.xtcp.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file as section → key → values (keys may repeat); comments and blanks dropped. */
public final class UnitFile {
    private UnitFile() {}

    public static Map<String, Map<String, List<String>>> parse(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq <= 0) {
                throw new IllegalArgumentException("not a unit file line: " + raw);
            }
            current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
        }
        return sections;
    }
}
