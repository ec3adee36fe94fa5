package io.xtcp.daemon.config;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/** Reaches the package-private run options from tests in another package. */
final class RunOptionsAccess {
    private RunOptionsAccess() {}

    static XtcpConfig config(Object runCommand) throws Exception {
        Field f = runCommand.getClass().getDeclaredField("options");
        f.setAccessible(true);
        Object options = f.get(runCommand);
        Method m = options.getClass().getDeclaredMethod("toConfig");
        m.setAccessible(true);
        return (XtcpConfig) m.invoke(options);
    }
}
