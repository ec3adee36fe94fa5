package io.xtcp.dest.discard;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.Destinations;
import java.time.Duration;
import java.util.List;
import java.util.Map;

class DiscardDestinationContractTest extends DestinationContract {
    @Override
    protected Destination open() throws Exception {
        return Destinations.open("null:", Map.of());
    }

    @Override
    protected List<byte[]> received(Destination d, int expected, Duration timeout) {
        return null;
    }
}
