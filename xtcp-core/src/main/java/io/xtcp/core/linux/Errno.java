package io.xtcp.core.linux;

/** errno values the code branches on, and names for messages. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;
    public static final int ENOBUFS = 105;
    public static final int ECONNREFUSED = 111;
    public static final int EOPNOTSUPP = 95;

    private Errno() {}

    /** {@code ENOBUFS (No buffer space available)}, or {@code errno 4242} for an unknown value. */
    public static String describe(int errno) {
        jnr.constants.platform.Errno e = jnr.constants.platform.Errno.valueOf(errno);
        if (e == null || e == jnr.constants.platform.Errno.__UNKNOWN_CONSTANT__) {
            return "errno " + errno;
        }
        return e.name() + " (" + e.description() + ")";
    }

    /** The symbolic name, e.g. {@code EPERM}; {@code E<n>} when unknown. Used as a metric tag. */
    public static String name(int errno) {
        jnr.constants.platform.Errno e = jnr.constants.platform.Errno.valueOf(errno);
        if (e == null || e == jnr.constants.platform.Errno.__UNKNOWN_CONSTANT__) {
            return "E" + errno;
        }
        return e.name();
    }
}
