package io.xtcp.core.filter;

/**
 * A filter expression that does not parse: the 1-based character position where parsing stopped
 * and what was expected there. The message reads {@code at 12: expected a port after 'sport >'}.
 */
public final class FilterSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int position;

    public FilterSyntaxException(int position, String what) {
        super("at " + position + ": " + what);
        this.position = position;
    }

    /** 1-based character index in the expression; one past its end when the expression ended early. */
    public int position() {
        return position;
    }
}
