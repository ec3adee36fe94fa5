package io.xtcp.dest.file;

import java.util.Locale;

/** When the file sink calls fsync. */
public enum FsyncPolicy {
    /** Never: the kernel writes back when it likes. */
    NONE,
    /** When a file is rotated out and on close: every closed file is durable. */
    ROTATE,
    /** After every batch. */
    ALWAYS;

    public static FsyncPolicy parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fsync=" + s + ": expected none, rotate or always");
        }
    }
}
