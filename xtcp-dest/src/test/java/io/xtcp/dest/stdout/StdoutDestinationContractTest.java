package io.xtcp.dest.stdout;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.testing.TestBatches;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The stdout: sink writing into a real OS pipe, read by another thread. */
class StdoutDestinationContractTest extends DestinationContract {
    private Pipe pipe;
    private Thread reader;
    private final ByteArrayOutputStream read = new ByteArrayOutputStream();

    @Override
    protected Destination open() throws Exception {
        pipe = Pipe.open();
        InputStream in = Channels.newInputStream(pipe.source());
        reader = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (read) {
                        read.write(buf, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // pipe closed
            }
        }, "pipe-reader");
        reader.start();
        return new StdoutDestination("stdout:", Channels.newOutputStream(pipe.sink()), new byte[0]);
    }

    @Override
    protected List<byte[]> received(Destination d, int expected, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] all;
            synchronized (read) {
                all = read.toByteArray();
            }
            List<byte[]> batches = PipeSplit.split(all);
            if (batches.size() >= expected || System.nanoTime() > end) {
                return batches;
            }
            Thread.sleep(10);
        }
    }

    @Override
    protected boolean ordered() {
        return true;
    }

    @AfterEach
    void closePipe() throws Exception {
        if (pipe != null) {
            pipe.sink().close();
            reader.join(5000);
            pipe.source().close();
        }
    }
}
