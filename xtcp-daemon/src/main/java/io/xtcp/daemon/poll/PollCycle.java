package io.xtcp.daemon.poll;

import io.xtcp.core.log.RateLimitedLog;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges one poll of every namespace: a namespace that failed or came too late is logged (at
 * most once a minute per kind) and never stops the others; the poll as a whole fails only when
 * every namespace it tried failed.
 */
public final class PollCycle {
    private static final Logger LOG = LoggerFactory.getLogger(PollCycle.class);

    private volatile List<NamespacePollResult> last = List.of();
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES);

    public void completed(List<NamespacePollResult> results) throws IOException {
        last = results;
        int ok = 0;
        int failed = 0;
        int late = 0;
        long sockets = 0;
        NamespacePollResult firstFailure = null;
        for (NamespacePollResult r : results) {
            sockets += r.sockets();
            switch (r.status()) {
                case OK:
                    ok++;
                    break;
                case FAILED:
                    failed++;
                    if (firstFailure == null) {
                        firstFailure = r;
                    }
                    break;
                case LATE:
                    late++;
                    break;
                default:
                    break;
            }
        }
        LOG.debug("poll: {} namespaces ok, {} failed, {} late, {} sockets", ok, failed, late, sockets);
        if (failed > 0 || late > 0) {
            failureLog.warn("poll: {} of {} namespaces failed, {} not reached before the poll timeout{}", failed, results.size(), late,
                    firstFailure == null ? "" : "; first failure: " + firstFailure.namespace().name() + ": " + firstFailure.error());
        }
        if (ok == 0 && failed > 0) {
            throw new IOException("every namespace failed; first: " + firstFailure.namespace().name() + ": " + firstFailure.error());
        }
    }

    /** The results of the last poll. */
    public List<NamespacePollResult> last() {
        return last;
    }
}
