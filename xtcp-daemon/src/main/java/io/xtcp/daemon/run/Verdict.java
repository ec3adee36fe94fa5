package io.xtcp.daemon.run;

/** The answer of one health question (ready? live?): yes, or no with the reason, for a person. */
public record Verdict(boolean ok, String reason) {
    public static Verdict yes(String what) {
        return new Verdict(true, what);
    }

    public static Verdict no(String reason) {
        return new Verdict(false, reason);
    }
}
