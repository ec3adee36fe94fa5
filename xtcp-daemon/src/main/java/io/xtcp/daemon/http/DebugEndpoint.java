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
    record Reply(int status, String contentType, byte[] body) {}

    Reply handle(Map<String, List<String>> query) throws Exception;
}
