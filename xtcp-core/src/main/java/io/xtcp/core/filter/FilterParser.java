package io.xtcp.core.filter;

import io.xtcp.core.filter.FilterNode.Comparison;
import io.xtcp.core.filter.FilterNode.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code ss}'s filter language (ss(8), iproute2's misc/ssfilter.y) into a {@link FilterNode}.
 *
 * <p>Words are separated by blanks; parentheses may also touch their neighbours. Conditions are
 * {@code sport|dport OP PORT}, {@code src|dst [=] HOST}, {@code dev [=|!=] NAME|INDEX},
 * {@code mark|fwmark [=|!=] VALUE[/MASK]}, {@code cgroup [=|!=] PATH}. Operators are {@code = == eq},
 * {@code != ne neq}, {@code < lt}, {@code <= le leq}, {@code > gt}, {@code >= ge geq}; connectives
 * {@code and & &&}, {@code or | ||}, {@code not !}, or nothing (and). As in ss, {@code and} and
 * {@code or} have the same precedence and group from the left ({@code a or b and c} is
 * {@code (a or b) and c}); {@code not} applies to the one condition or parenthesised group after it.
 */
public final class FilterParser {
    private record Token(String text, int position) {}

    private final String source;
    private final List<Token> tokens;
    private int next;

    private FilterParser(String source) {
        this.source = source;
        this.tokens = tokenize(source);
    }

    /** Parses a whole expression; a blank one is an error (a caller treats "no filter" itself). */
    public static FilterNode parse(String expression) {
        FilterParser p = new FilterParser(expression);
        if (p.tokens.isEmpty()) {
            throw new FilterSyntaxException(1, "expected a condition (sport, dport, src, dst, dev, mark, cgroup, not, '(')");
        }
        FilterNode n = p.list();
        if (p.next < p.tokens.size()) {
            Token t = p.tokens.get(p.next);
            throw new FilterSyntaxException(t.position(), t.text().equals(")")
                    ? "unbalanced ')'" : "expected and, or or a condition, got '" + t.text() + "'");
        }
        return n;
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(new Token(String.valueOf(c), i + 1));
                i++;
            } else {
                int start = i;
                while (i < s.length() && " \t\n\r()".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(s.substring(start, i), start + 1));
            }
        }
        return out;
    }

    private Token peek() {
        return next < tokens.size() ? tokens.get(next) : null;
    }

    private int endPosition() {
        return source.length() + 1;
    }

    private int positionOfNext() {
        Token t = peek();
        return t == null ? endPosition() : t.position();
    }

    private static String word(Token t) {
        return t.text().toLowerCase(Locale.ROOT);
    }

    private static boolean isAnd(String w) {
        return w.equals("and") || w.equals("&") || w.equals("&&");
    }

    private static boolean isOr(String w) {
        return w.equals("or") || w.equals("|") || w.equals("||");
    }

    /** exprlist := expr ( [and|or] expr )* , left to right. */
    private FilterNode list() {
        FilterNode left = expr(null);
        while (true) {
            Token t = peek();
            if (t == null || t.text().equals(")")) {
                return left;
            }
            String w = word(t);
            if (isOr(w)) {
                next++;
                left = new FilterNode.Or(left, expr("'" + t.text() + "'"));
            } else if (isAnd(w)) {
                next++;
                left = new FilterNode.And(left, expr("'" + t.text() + "'"));
            } else {
                left = new FilterNode.And(left, expr(null));
            }
        }
    }

    private FilterNode expr(String after) {
        Token t = peek();
        if (t == null) {
            throw new FilterSyntaxException(endPosition(), "expected a condition" + (after == null ? "" : " after " + after));
        }
        String w = word(t);
        next++;
        switch (w) {
            case "(": {
                if (peek() != null && peek().text().equals(")")) {
                    throw new FilterSyntaxException(peek().position(), "expected a condition after '('");
                }
                FilterNode inner = list();
                Token close = peek();
                if (close == null) {
                    throw new FilterSyntaxException(endPosition(), "expected ')' to close the '(' at " + t.position());
                }
                next++;
                return inner;
            }
            case "!":
            case "not":
                return new FilterNode.Not(expr("'" + t.text() + "'"));
            case "sport":
            case "dport":
                return port(t, w.equals("sport") ? Side.SOURCE : Side.DESTINATION);
            case "src":
            case "dst":
                return host(t, w.equals("src") ? Side.SOURCE : Side.DESTINATION);
            case "dev":
                return device(t);
            case "mark":
            case "fwmark":
                return mark(t);
            case "cgroup":
                return cgroup(t);
            case "autobound":
                throw new FilterSyntaxException(t.position(), "'autobound' is not supported (the kernel's bind lock is not in a dump to check it against)");
            case ")":
                throw new FilterSyntaxException(t.position(), "expected a condition" + (after == null ? "" : " after " + after) + ", got ')'");
            default:
                throw new FilterSyntaxException(t.position(), "expected a condition (sport, dport, src, dst, dev, mark, cgroup, not, '(')"
                        + (after == null ? "" : " after " + after) + ", got '" + t.text() + "'");
        }
    }

    /** The comparison word at the cursor, or null (not consumed). */
    private Comparison comparison() {
        Token t = peek();
        if (t == null) {
            return null;
        }
        switch (word(t)) {
            case "=": case "==": case "eq":
                next++;
                return Comparison.EQ;
            case "!=": case "ne": case "neq":
                next++;
                return Comparison.NE;
            case "<": case "lt":
                next++;
                return Comparison.LT;
            case "<=": case "le": case "leq":
                next++;
                return Comparison.LE;
            case ">": case "gt":
                next++;
                return Comparison.GT;
            case ">=": case "ge": case "geq":
                next++;
                return Comparison.GE;
            default:
                return null;
        }
    }

    /** The operand after a keyword (and its operator): any word but a parenthesis. */
    private Token operand(String what, String after) {
        Token t = peek();
        if (t == null || t.text().equals("(") || t.text().equals(")")) {
            throw new FilterSyntaxException(positionOfNext(), "expected " + what + " after '" + after + "'"
                    + (t == null ? "" : ", got '" + t.text() + "'"));
        }
        next++;
        return t;
    }

    private String sofar(Token keyword) {
        Token last = tokens.get(next - 1);
        return source.substring(keyword.position() - 1, last.position() - 1 + last.text().length());
    }

    private FilterNode port(Token keyword, Side side) {
        Comparison c = comparison();
        Comparison op = c == null ? Comparison.EQ : c;
        Token v = operand("a port", sofar(keyword));
        int p = HostText.port(v.text());
        if (p < 0) {
            throw new FilterSyntaxException(v.position(), "expected a port (0..65535, or :PORT) after '" + source.substring(keyword.position() - 1, v.position() - 1).trim()
                    + "', got '" + v.text() + "'");
        }
        FilterNode n = new FilterNode.Port(side, op == Comparison.NE ? Comparison.EQ : op, p);
        return op == Comparison.NE ? new FilterNode.Not(n) : n;
    }

    private FilterNode host(Token keyword, Side side) {
        Comparison c = comparison();
        if (c != null && c != Comparison.EQ && c != Comparison.NE) {
            throw new FilterSyntaxException(tokens.get(next - 1).position(), "expected '=', '!=' or an address after '" + keyword.text()
                    + "', got '" + tokens.get(next - 1).text() + "'");
        }
        Token v = operand("an address (10.0.0.0/8, [::1]:80, *:22)", sofar(keyword));
        HostText.Parsed h = HostText.host(v.text());
        if (h.problem() != null) {
            throw new FilterSyntaxException(v.position(), h.problem());
        }
        FilterNode n = new FilterNode.Host(side, h.family(), h.address(), h.prefixLength(), h.port());
        return c == Comparison.NE ? new FilterNode.Not(n) : n;
    }

    private FilterNode device(Token keyword) {
        Comparison c = equality(keyword);
        Token v = operand("a device name or index", sofar(keyword));
        String name = v.text();
        long index = HostText.number(name);
        FilterNode n;
        if (index > 0 && index <= 0xFFFF_FFFFL) {
            n = new FilterNode.Device(null, (int) index);
        } else if (name.length() < 16 && name.indexOf('/') < 0) { // IFNAMSIZ
            n = FilterNode.Device.named(name);
        } else {
            throw new FilterSyntaxException(v.position(), "expected a device name (at most 15 characters, no '/') or an ifindex, got '" + name + "'");
        }
        return c == Comparison.NE ? new FilterNode.Not(n) : n;
    }

    private FilterNode mark(Token keyword) {
        Comparison c = equality(keyword);
        Token v = operand("a mark (VALUE or VALUE/MASK)", sofar(keyword));
        String s = v.text();
        int slash = s.indexOf('/');
        long value = HostText.number(slash < 0 ? s : s.substring(0, slash));
        long mask = slash < 0 ? 0xFFFF_FFFFL : HostText.number(s.substring(slash + 1));
        if (value < 0 || value > 0xFFFF_FFFFL || mask < 0 || mask > 0xFFFF_FFFFL) {
            throw new FilterSyntaxException(v.position(), "expected a mark VALUE or VALUE/MASK (u32 numbers, 0x hex), got '" + s + "'");
        }
        FilterNode n = new FilterNode.Mark(value, mask);
        return c == Comparison.NE ? new FilterNode.Not(n) : n;
    }

    private FilterNode cgroup(Token keyword) {
        Comparison c = equality(keyword);
        Token v = operand("a cgroup path", sofar(keyword));
        FilterNode n = new FilterNode.Cgroup(v.text());
        return c == Comparison.NE ? new FilterNode.Not(n) : n;
    }

    private Comparison equality(Token keyword) {
        Comparison c = comparison();
        if (c != null && c != Comparison.EQ && c != Comparison.NE) {
            throw new FilterSyntaxException(tokens.get(next - 1).position(), "expected '=' or '!=' after '" + keyword.text()
                    + "', got '" + tokens.get(next - 1).text() + "'");
        }
        return c;
    }
}
