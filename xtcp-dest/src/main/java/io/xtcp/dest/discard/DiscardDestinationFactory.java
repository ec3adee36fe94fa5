package io.xtcp.dest.discard;

import io.xtcp.dest.Destination;
import io.xtcp.dest.DestinationFactory;
import io.xtcp.dest.DestinationSpec;

/** {@code null:} */
public final class DiscardDestinationFactory implements DestinationFactory {
    @Override
    public String scheme() {
        return "null";
    }

    @Override
    public void check(DestinationSpec spec) {
        if (!spec.authority().isEmpty() || !spec.path().isEmpty()) {
            throw new IllegalArgumentException("destination '" + spec.uri() + "': null: takes no target");
        }
        spec.onlyOptions(java.util.Set.of());
    }

    @Override
    public Destination open(DestinationSpec spec) {
        check(spec);
        return new DiscardDestination(spec.uri());
    }
}
