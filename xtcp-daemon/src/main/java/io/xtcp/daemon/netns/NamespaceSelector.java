package io.xtcp.daemon.netns;

import java.util.ArrayList;
import java.util.List;

/**
 * Which namespaces to poll: {@code --netns all|self|host|NAME,GLOB,...} and {@code --netns-exclude
 * self|GLOB,...}. {@code all} is every namespace found, {@code self} the daemon's own; names and
 * globs match {@link Namespace#selectableNames()} ({@code host} is the host's namespace's name,
 * discovered like any other, with its old {@code pid:PID} name as an alias). A namespace is selected when an include matches it and no
 * exclude does.
 */
public final class NamespaceSelector {
    public static final String ALL = "all";
    public static final String SELF = "self";

    private final Terms include;
    private final Terms exclude;

    private NamespaceSelector(Terms include, Terms exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /**
     * Parses the flags' values.
     *
     * @throws IllegalArgumentException for an empty term
     */
    public static NamespaceSelector parse(List<String> include, List<String> exclude) {
        return new NamespaceSelector(Terms.parse(include, "--netns"), Terms.parse(exclude == null ? List.of() : exclude, "--netns-exclude"));
    }

    /**
     * Whether a {@code --netns} value selects among discovered namespaces ({@code all}, {@code self},
     * a glob or a list) rather than naming one namespace file (a path, or a single name under
     * /run/netns).
     */
    public static boolean isSelection(String value) {
        if (value.indexOf('/') >= 0) {
            return false;
        }
        return value.equals(ALL) || value.equals(SELF) || value.equals(Namespace.HOST) || value.indexOf(',') >= 0 || !NameGlob.isLiteral(value);
    }

    /** Every namespace. */
    public static NamespaceSelector all() {
        return parse(List.of(ALL), List.of());
    }

    public boolean matches(Namespace ns) {
        return include.matches(ns) && !exclude.matches(ns);
    }

    /** Whether only the daemon's own namespace can match ({@code --netns self}): no setns is needed. */
    public boolean selfOnly() {
        return include.self && !include.all && include.globs.isEmpty();
    }

    /** The include terms without glob characters (not all/self): each should name a namespace that exists. */
    public List<String> literalNames() {
        List<String> out = new ArrayList<>();
        for (NameGlob g : include.globs) {
            if (NameGlob.isLiteral(g.toString())) {
                out.add(g.toString());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "netns=" + include + (exclude.isEmpty() ? "" : " exclude=" + exclude);
    }

    private static final class Terms {
        final boolean all;
        final boolean self;
        final List<NameGlob> globs;

        Terms(boolean all, boolean self, List<NameGlob> globs) {
            this.all = all;
            this.self = self;
            this.globs = globs;
        }

        static Terms parse(List<String> values, String flag) {
            boolean all = false;
            boolean self = false;
            List<NameGlob> globs = new ArrayList<>();
            for (String value : values) {
                for (String term : value.split(",", -1)) {
                    String t = term.trim();
                    if (t.isEmpty()) {
                        throw new IllegalArgumentException(flag + ": empty name in '" + value + "'");
                    }
                    if (t.equals(ALL)) {
                        all = true;
                    } else if (t.equals(SELF)) {
                        self = true;
                    } else {
                        globs.add(NameGlob.of(t));
                    }
                }
            }
            return new Terms(all, self, List.copyOf(globs));
        }

        boolean isEmpty() {
            return !all && !self && globs.isEmpty();
        }

        boolean matches(Namespace ns) {
            if (all || (self && ns.self())) {
                return true;
            }
            for (NameGlob g : globs) {
                for (String name : ns.selectableNames()) {
                    if (g.matches(name)) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            if (all) {
                parts.add(ALL);
            }
            if (self) {
                parts.add(SELF);
            }
            globs.forEach(g -> parts.add(g.toString()));
            return String.join(",", parts);
        }
    }
}
