package io.xtcp.dest.udp;

import java.util.Map;

/** The UDP contract on the NIO transport, the fallback when native epoll is unavailable. */
class UdpNioDestinationContractTest extends UdpDestinationContractTest {
    @Override
    protected Map<String, String> options() {
        return Map.of("transport", "nio");
    }
}
