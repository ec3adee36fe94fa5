package io.xtcp.core.netlink;

/** Receives each socket of a dump. The flyweights are only valid during the call. */
@FunctionalInterface
public interface SocketHandler {
    void onSocket(InetDiagMsg msg, DiagAttributes attrs);
}
