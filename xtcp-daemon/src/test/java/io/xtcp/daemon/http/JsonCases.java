package io.xtcp.daemon.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Adversarial JSON for the subscription parser, each with RFC 8259's verdict (and ours where the
 * RFC leaves a choice: nesting deeper than {@link JsonReader#MAX_DEPTH} and duplicate member names
 * are refused). Shared by {@link JsonReaderTest} and {@link SubscriptionParserComparison}.
 */
final class JsonCases {
    /** One input: valid or not, and for an invalid one the offset and words of the refusal. */
    record Case(String name, String text, boolean valid, String refusal) {
        @Override
        public String toString() {
            return name;
        }
    }

    private JsonCases() {}

    static final String TYPICAL = "{\"type\":\"subscribe\",\"filter\":{\"netns\":[\"red\",\"blue\"],\"states\":[\"established\"],\"ports\":[443]}}";

    private static Case ok(String name, String text) {
        return new Case(name, text, true, null);
    }

    private static Case bad(String name, String text, String refusal) {
        return new Case(name, text, false, refusal);
    }

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        c.add(ok("typical subscription", TYPICAL));
        c.add(ok("bare subscription", "{\"type\":\"subscribe\"}"));
        c.add(ok("whitespace everywhere", " \t\r\n{ \"type\" : \"subscribe\" , \"filter\" : { } }\n"));
        c.add(ok("escapes", "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\u00e9\""));
        c.add(ok("surrogate pair", "\"\\ud83d\\ude00\""));
        c.add(ok("lone surrogate escape", "\"\\ud800\""));
        c.add(ok("zero", "0"));
        c.add(ok("minus zero", "-0"));
        c.add(ok("exponent", "1e5"));
        c.add(ok("signed exponent", "-1.5E+3"));
        c.add(ok("long max", "9223372036854775807"));
        c.add(ok("past long", "9223372036854775808"));
        c.add(ok("huge exponent", "1e999"));
        c.add(ok("literals", "[true,false,null]"));
        c.add(ok("empty containers", "[{},[]]"));
        c.add(ok("17 levels (the top value and 16 nested)", "[".repeat(17) + "]".repeat(17)));
        c.add(ok("non-ASCII member", "{\"\u00e9\u4e2d\":1}"));

        c.add(bad("empty", "", "invalid JSON at offset 0: unexpected end"));
        c.add(bad("only spaces", "   ", "invalid JSON at offset 3: unexpected end"));
        c.add(bad("unclosed object", "{", "invalid JSON at offset 1: expected a member name"));
        c.add(bad("member without value", "{\"a\"}", "invalid JSON at offset 4: expected ':'"));
        c.add(bad("trailing comma in object", "{\"a\":1,}", "invalid JSON at offset 7: expected a member name"));
        c.add(bad("trailing comma in array", "[1,]", "invalid JSON at offset 3: unexpected character"));
        c.add(bad("leading comma", "[,1]", "invalid JSON at offset 1: unexpected character"));
        c.add(bad("missing comma", "[1 2]", "invalid JSON at offset 3: expected ']'"));
        c.add(bad("semicolon separator", "{\"a\":1;\"b\":2}", "invalid JSON at offset 6: expected '}'"));
        c.add(bad("single quotes", "{'a':1}", "invalid JSON at offset 1: expected a member name"));
        c.add(bad("unquoted name", "{a:1}", "invalid JSON at offset 1: expected a member name"));
        c.add(bad("unquoted string value", "{\"type\":subscribe}", "invalid JSON at offset 8: unexpected character"));
        c.add(bad("bad escape", "\"\\x41\"", "invalid JSON at offset 3: bad escape"));
        c.add(bad("escaped single quote", "\"\\'\"", "invalid JSON at offset 3: bad escape"));
        c.add(bad("raw tab in string", "\"a\tb\"", "invalid JSON at offset 3: control character in string"));
        c.add(bad("raw newline in string", "\"a\nb\"", "invalid JSON at offset 3: control character in string"));
        c.add(bad("unterminated string", "\"abc", "invalid JSON at offset 4: unterminated string"));
        c.add(bad("short unicode escape", "\"\\u004\"", "invalid JSON at offset 7: bad \\u escape"));
        c.add(bad("non-hex unicode escape", "\"\\u00G1\"", "invalid JSON at offset 6: bad \\u escape"));
        c.add(bad("Arabic-Indic digits in escape", "\"\\u\u0660\u0660\u0664\u0661\"", "invalid JSON at offset 4: bad \\u escape"));
        c.add(bad("leading zero", "01", "invalid JSON at offset 1: trailing characters"));
        c.add(bad("plus sign", "+1", "invalid JSON at offset 0: unexpected character"));
        c.add(bad("bare fraction", ".5", "invalid JSON at offset 0: unexpected character"));
        c.add(bad("dot without digits", "1.", "invalid JSON at offset 2: bad fraction"));
        c.add(bad("exponent without digits", "1e", "invalid JSON at offset 2: bad exponent"));
        c.add(bad("minus alone", "-", "invalid JSON at offset 1: bad number"));
        c.add(bad("hex number", "0x10", "invalid JSON at offset 1: trailing characters"));
        c.add(bad("NaN", "NaN", "invalid JSON at offset 0: unexpected character"));
        c.add(bad("Infinity", "[Infinity]", "invalid JSON at offset 1: unexpected character"));
        c.add(bad("minus Infinity", "-Infinity", "invalid JSON at offset 1: bad number"));
        c.add(bad("cut literal", "tru", "invalid JSON at offset 0: expected true"));
        c.add(bad("literal with tail", "truex", "invalid JSON at offset 4: trailing characters"));
        c.add(bad("two documents", "{\"a\":1}{\"b\":2}", "invalid JSON at offset 7: trailing characters"));
        c.add(bad("line comment", "// hi\n{}", "invalid JSON at offset 0: unexpected character"));
        c.add(bad("block comment", "/* hi */{}", "invalid JSON at offset 0: unexpected character"));
        c.add(bad("hash comment", "# hi\n{}", "invalid JSON at offset 0: unexpected character"));
        c.add(bad("arrow separator", "{\"a\"=>1}", "invalid JSON at offset 4: expected ':'"));
        c.add(bad("byte order mark", "\ufeff{}", "invalid JSON at offset 0: unexpected character"));
        c.add(bad("NUL after value", "{}\u0000", "invalid JSON at offset 2: trailing characters"));
        c.add(bad("duplicate member", "{\"type\":\"subscribe\",\"type\":\"x\"}", "invalid JSON at offset 30: duplicate member 'type'"));
        c.add(bad("18 levels", "[".repeat(18) + "]".repeat(18), "invalid JSON at offset 17: nested deeper than 16"));
        c.add(bad("100000 levels", "[".repeat(100_000), "invalid JSON at offset 17: nested deeper than 16"));
        c.add(bad("deep objects", "{\"a\":".repeat(40) + "1" + "}".repeat(40), "invalid JSON at offset 85: nested deeper than 16"));
        return c;
    }
}
