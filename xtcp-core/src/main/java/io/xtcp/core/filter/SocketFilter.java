package io.xtcp.core.filter;

import java.util.Objects;

/**
 * A filter as the user wrote it ({@code --filter 'dport = 443 and dst 10.0.0.0/8'}), parsed and
 * compiled: the text for status pages, the tree, and the audited bytecode that goes into the dump
 * request and into the {@link BytecodeInterpreter} for close events.
 */
public final class SocketFilter {
    private final String text;
    private final FilterNode node;
    private final byte[] bytecode;

    private SocketFilter(String text, FilterNode node, byte[] bytecode) {
        this.text = text;
        this.node = node;
        this.bytecode = bytecode;
    }

    /**
     * Parses and compiles {@code text}. Throws {@link FilterSyntaxException} for bad syntax and
     * IllegalArgumentException for a device or cgroup that does not resolve.
     */
    public static SocketFilter compile(String text, FilterResolver resolver) {
        Objects.requireNonNull(text, "text");
        FilterNode node = FilterParser.parse(text);
        byte[] code = new FilterCompiler(resolver).compile(node);
        String problem = BytecodeAudit.problem(code);
        if (problem != null) { // a compiler bug, not a user error
            throw new IllegalStateException("compiled filter fails the kernel's audit: " + problem);
        }
        return new SocketFilter(text.strip(), node, code);
    }

    public String text() {
        return text;
    }

    public FilterNode node() {
        return node;
    }

    /** A copy of the program (host byte order). */
    public byte[] bytecode() {
        return bytecode.clone();
    }

    /** An interpreter of this program. */
    public BytecodeInterpreter interpreter() {
        return new BytecodeInterpreter(bytecode);
    }

    @Override
    public String toString() {
        return text;
    }
}
