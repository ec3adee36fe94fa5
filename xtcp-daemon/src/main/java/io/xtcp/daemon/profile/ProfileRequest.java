package io.xtcp.daemon.profile;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A checked {@code /debug/profile} query: event, seconds (bounded) and format. */
record ProfileRequest(ProfileEvent event, int seconds, ProfileFormat format) {
    static final Set<String> PARAMS = Set.of("event", "seconds", "format");
    static final int DEFAULT_SECONDS = 30;
    static final int MAX_SECONDS = 300;

    /** IllegalArgumentException with a message for the 400 reply. */
    static ProfileRequest parse(Map<String, List<String>> query) {
        for (String k : query.keySet()) {
            if (!PARAMS.contains(k)) {
                throw new IllegalArgumentException("unknown parameter '" + ProfileEvent.clip(k) + "'; /debug/profile takes event, seconds, format");
            }
        }
        String e = one(query, "event");
        String s = one(query, "seconds");
        String f = one(query, "format");
        int seconds = DEFAULT_SECONDS;
        if (s != null) {
            try {
                seconds = Integer.parseInt(s);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("seconds must be an integer, got '" + ProfileEvent.clip(s) + "'");
            }
            if (seconds < 1 || seconds > MAX_SECONDS) {
                throw new IllegalArgumentException("seconds must be between 1 and " + MAX_SECONDS + ", got " + seconds);
            }
        }
        return new ProfileRequest(e == null ? ProfileEvent.CPU : ProfileEvent.parse(e), seconds,
                f == null ? ProfileFormat.PPROF : ProfileFormat.parse(f));
    }

    private static String one(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new IllegalArgumentException("parameter '" + name + "' given more than once");
        }
        return v.get(0);
    }
}
