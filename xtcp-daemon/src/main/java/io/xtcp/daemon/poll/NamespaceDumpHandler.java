package io.xtcp.daemon.poll;

import io.xtcp.core.netlink.SocketHandler;
import io.xtcp.daemon.netns.Namespace;

/**
 * What a {@link NamespacePoller} worker hands each socket to. Every worker has its own instance,
 * used only on that worker's thread, so it needs no locking: e.g. a {@code RecordEncoder} with its
 * own envelope, or a printer's per-worker buffer.
 */
public interface NamespaceDumpHandler extends SocketHandler {
    /** Before the dump of {@code ns}: the sockets that follow belong to it (set the record stamp here). */
    void begin(Namespace ns, long timestampNs);

    /** After the dump of a namespace, also when it failed or the namespace was gone. */
    default void end(NamespacePollResult result) {}
}
