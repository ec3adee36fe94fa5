package io.xtcp.dest.file;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.Destinations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The file sink writing a real file, read back after each send. */
class FileDestinationContractTest extends DestinationContract {
    @TempDir
    Path dir;

    @Override
    protected Destination open() throws Exception {
        return Destinations.open("file://" + dir.resolve("out.pb"), Map.of("fsync", "always"));
    }

    @Override
    protected List<byte[]> received(Destination d, int expected, Duration timeout) throws Exception {
        return io.xtcp.dest.stdout.PipeSplit.split(Files.readAllBytes(dir.resolve("out.pb")));
    }
}
