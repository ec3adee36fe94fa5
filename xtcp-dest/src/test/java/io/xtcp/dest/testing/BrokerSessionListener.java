package io.xtcp.dest.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Closes the shared in-JVM Kafka broker when the test session ends, before the JVM exits. */
public final class BrokerSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        KafkaBroker.closeShared();
    }
}
