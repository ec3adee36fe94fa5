package io.xtcp.daemon.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.xtcp.daemon.config.LogFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logback, set up in code: human-readable lines by default, one JSON object per line for log shippers. Always on stderr. */
public final class LoggingSetup {
    /** Lines of {@code dump}, {@code decode} and the start of every command (see {@link StderrLogConfigurator}). */
    static final String SHORT_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";
    /** Lines of {@code run}: full timestamps, for a daemon's log. */
    static final String RUN_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";

    private LoggingSetup() {}

    /** The daemon's logging, replacing the start-up configuration. */
    public static void configure(LogFormat format, String level) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        Encoder<ILoggingEvent> encoder;
        if (format == LogFormat.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(ctx);
            json.start();
            encoder = json;
        } else {
            encoder = pattern(ctx, RUN_PATTERN);
        }
        stderr(ctx, encoder, Level.toLevel(level, Level.INFO));
        ctx.getLogger("org.apache.kafka").setLevel(Level.WARN);
        ctx.getLogger("io.netty").setLevel(Level.INFO);
    }

    static Encoder<ILoggingEvent> pattern(LoggerContext ctx, String pattern) {
        java.util.Map<String, java.util.function.Supplier<ch.qos.logback.core.pattern.DynamicConverter>> rules = new java.util.HashMap<>();
        for (String word : new String[] {"m", "msg", "message"}) {
            rules.put(word, EscapedMessageConverter::new); // every message escaped, whoever logs it
        }
        ctx.putObject(ch.qos.logback.core.CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(ctx);
        text.setPattern(pattern);
        text.start();
        return text;
    }

    /** The root logger at {@code level}, writing through {@code encoder} to stderr. */
    static void stderr(LoggerContext ctx, Encoder<ILoggingEvent> encoder, Level level) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(console);
        root.setLevel(level);
    }
}
