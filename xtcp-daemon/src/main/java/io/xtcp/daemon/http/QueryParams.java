package io.xtcp.daemon.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The query of one request, checked against the parameters the endpoint knows; bad values are {@link BadRequest}. */
final class QueryParams {
    /** A client error: 400 with the message. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<String, List<String>> params;

    QueryParams(Map<String, List<String>> params) {
        this.params = params;
    }

    static QueryParams of(QueryStringDecoder d) {
        return new QueryParams(d.parameters());
    }

    /** Refuses parameters outside {@code known}. */
    QueryParams allow(Set<String> known) {
        for (String k : params.keySet()) {
            if (!known.contains(k)) {
                throw new BadRequest("unknown parameter '" + clip(k) + "'; this endpoint takes " + (known.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(known))));
            }
        }
        return this;
    }

    List<String> all(String name) {
        return params.getOrDefault(name, List.of());
    }

    String one(String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new BadRequest("parameter '" + name + "' given more than once");
        }
        return v.get(0);
    }

    int intValue(String name, int dflt, int min, int max) {
        String v = one(name);
        if (v == null) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadRequest("parameter '" + name + "' must be an integer, got '" + clip(v) + "'");
        }
        if (n < min || n > max) {
            throw new BadRequest("parameter '" + name + "' must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
