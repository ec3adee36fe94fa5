package io.xtcp.daemon.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration when the first logger is made, in code instead of a logback.xml: lines
 * on stderr (stdout carries records) at {@code XTCP_LOG_LEVEL}, INFO by default. Logback finds it
 * through META-INF/services. Reading an XML file costs Logback's Joran and a SAX parser, ~500
 * classes and a fifth of the time to the first poll. {@code run} replaces it with its own
 * ({@link LoggingSetup#configure}). A {@code logback-test.xml} on the class path or
 * {@code -Dlogback.configurationFile} wins: then this one steps aside.
 */
public final class StderrLogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        if (System.getProperty("logback.configurationFile") != null
                || StderrLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String level = System.getenv("XTCP_LOG_LEVEL");
        LoggingSetup.stderr(ctx, LoggingSetup.pattern(ctx, LoggingSetup.SHORT_PATTERN), Level.toLevel(level, Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
