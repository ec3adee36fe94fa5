package io.xtcp.dest.udp;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.Destinations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The UDP sink on Netty's native epoll transport, sending to a real socket on 127.0.0.1. */
class UdpDestinationContractTest extends DestinationContract {
    UdpReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new UdpReceiver();
    }

    @AfterEach
    void stopReceiver() throws Exception {
        receiver.close();
    }

    protected Map<String, String> options() {
        return Map.of("transport", "epoll");
    }

    @Override
    protected Destination open() throws Exception {
        return Destinations.open("udp://127.0.0.1:" + receiver.port(), options());
    }

    @Override
    protected List<byte[]> received(Destination d, int expected, Duration timeout) throws Exception {
        return receiver.await(expected, timeout);
    }

    @Override
    protected boolean ordered() {
        return true;
    }
}
