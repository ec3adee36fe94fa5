package io.xtcp.daemon.cli;

/** Bad flags, configuration or input: reported in one line, exit status 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
