package io.xtcp.daemon.config;

import io.xtcp.dest.pipeline.OverflowPolicy;
import picocli.CommandLine;

/** Reads {@code --overflow}: exactly {@code drop-oldest}, {@code drop-newest} or {@code spool}. */
public final class OverflowConverter implements CommandLine.ITypeConverter<OverflowPolicy> {
    @Override
    public OverflowPolicy convert(String value) {
        for (OverflowPolicy p : OverflowPolicy.values()) {
            if (p.flagName().equals(value)) {
                return p;
            }
        }
        throw new SettingRefusal("--overflow must be drop-oldest, drop-newest or spool, got '" + SettingText.shown(value) + "'");
    }
}
