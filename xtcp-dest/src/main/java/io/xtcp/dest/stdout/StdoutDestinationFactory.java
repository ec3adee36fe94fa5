package io.xtcp.dest.stdout;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationFactory;
import io.xtcp.dest.DestinationSpec;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;

/** {@code stdout:} writes batches to fd 1, unbuffered: one write(2) per batch. */
public final class StdoutDestinationFactory implements DestinationFactory {
    @Override
    public String scheme() {
        return "stdout";
    }

    @Override
    public void check(DestinationSpec spec) {
        if (!spec.authority().isEmpty() || !spec.path().isEmpty()) {
            throw new IllegalArgumentException("destination '" + spec.uri() + "': stdout: takes no target");
        }
        spec.onlyOptions(java.util.Set.of());
    }

    @Override
    public Destination open(DestinationSpec spec) throws IOException {
        check(spec);
        return new StdoutDestination(spec.uri(), new FileOutputStream(FileDescriptor.out), spec.header());
    }
}
