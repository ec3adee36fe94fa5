package io.xtcp.daemon.http;

import java.util.List;
import java.util.Map;

/**
 * A diagnostic under /debug/ (profiling, thread dumps), registered with
 * {@link HttpSideServer#debug(String, DebugEndpoint)} before start. Guarded by the bearer token.
 * Runs on the server's debug thread, never the event loop, so it may take seconds.
 */
@FunctionalInterface
public interface DebugEndpoint {
    /** A complete response. */
    record Reply(int status, String contentType, byte[] body) {
        /** {@code {"error": message, "status": status}}, like every other side-server error. */
        public static Reply error(int status, String message) {
            HttpReply r = HttpReply.error(status, message);
            return new Reply(status, r.contentType(), r.body());
        }

        /** 200, text/plain. */
        public static Reply text(String text) {
            HttpReply r = HttpReply.text(200, text);
            return new Reply(200, r.contentType(), r.body());
        }
    }

    Reply handle(Map<String, List<String>> query) throws Exception;
}
