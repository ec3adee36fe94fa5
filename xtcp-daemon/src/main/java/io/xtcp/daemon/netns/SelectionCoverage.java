package io.xtcp.daemon.netns;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What {@code --netns} selects of the namespaces that exist: the names it gives literally that
 * match none (a typo, or a namespace not created yet: warned at start and listed in /api/status),
 * and whether it selects nothing at all, which keeps the daemon not ready (a daemon that polls
 * nothing must not look healthy).
 */
public final class SelectionCoverage {
    private final NamespaceSelector selector;
    private final Supplier<List<NamespaceHandle>> selected;
    private final String flag;

    /** {@code selected}: the namespaces selected now ({@code registry::snapshot}); {@code flag}: the selection as given, for messages. */
    public SelectionCoverage(NamespaceSelector selector, Supplier<List<NamespaceHandle>> selected, String flag) {
        this.selector = selector;
        this.selected = selected;
        this.flag = flag;
    }

    /** The names {@code --netns} gives literally that no selected namespace has. */
    public List<String> unmatched() {
        Set<String> names = new HashSet<>();
        for (NamespaceHandle h : selected.get()) {
            names.addAll(h.namespace().selectableNames());
        }
        List<String> out = new ArrayList<>();
        for (String n : selector.literalNames()) {
            if (!names.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** {@code no namespace matches --netns X} when nothing is selected; null otherwise. */
    public String readinessProblem() {
        return selected.get().isEmpty() ? "no namespace matches --netns " + flag : null;
    }
}
