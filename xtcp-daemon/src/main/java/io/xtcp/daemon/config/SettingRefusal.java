package io.xtcp.daemon.config;

import picocli.CommandLine;

/**
 * A converter's refusal whose message is already the whole problem, starting with the flag it is
 * about ({@code --overflow must be drop-oldest, drop-newest or spool, got 'x'}), in the words
 * {@link XtcpConfig#problems()} uses. The command line prints it after the value's source, as it
 * prints those problems, instead of picocli's "Invalid value for option" form.
 */
public final class SettingRefusal extends CommandLine.TypeConversionException {
    private static final long serialVersionUID = 1L;

    public SettingRefusal(String problem) {
        super(problem);
    }
}
