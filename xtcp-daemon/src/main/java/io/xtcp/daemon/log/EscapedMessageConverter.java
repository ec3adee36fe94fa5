package io.xtcp.daemon.log;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.xtcp.dest.format.TerminalText;

/**
 * {@code %msg} of the text log with control characters escaped ({@link TerminalText}): a namespace
 * name, a hostname or a peer's bytes holding a newline or ESC can neither forge a log line nor
 * drive the terminal that shows it. The JSON log escapes them by its own format.
 */
public final class EscapedMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return TerminalText.escape(super.convert(event));
    }
}
