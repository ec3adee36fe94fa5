package io.xtcp.daemon.http;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes what a /stream client's text message goes through ({@link StreamClient}'s onMessage):
 * {@link JsonReader#parse}, then {@link StreamClient#subscription}, then the "subscribed" reply
 * or the "error" reply. Each input is the frame's bytes as UTF-8. Checked, whatever the text:
 * <ul>
 *   <li>the parser throws only {@link JsonReader.JsonException} and the subscription only
 *       IllegalArgumentException (each refused with a close status; anything else would escape
 *       the handler);</li>
 *   <li>a parsed value written back with {@link JsonWriter} parses to the same value;</li>
 *   <li>the "subscribed" reply parses, and subscribing with the filter it describes gives the same
 *       description (the filter is a fixed point);</li>
 *   <li>the "error" reply parses and carries the refusal's words unchanged.</li>
 * </ul>
 * The seeds are the subscriptions docs/http.md and the tests send.
 */
class SubscriptionFuzzTest {
    @FuzzTest(maxDuration = "5s")
    @DictionaryEntries({"\"type\"", "\"subscribe\"", "\"filter\"", "\"netns\"", "\"states\"", "\"ports\"",
        "\"established\"", "\"listen\"", "\"time-wait\"", "\\u00", "\\ud800", "0x", "1e999"})
    void messages(byte[] input) {
        fuzzerTestOneInput(input);
    }

    /** The entry point of the standalone fuzzer (docs/fuzzing.md). */
    public static void fuzzerTestOneInput(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Object msg;
        try {
            msg = JsonReader.parse(text);
        } catch (JsonReader.JsonException e) {
            checkErrorReply(e.getMessage());
            return;
        }
        Object again = JsonReader.parse(write(msg));
        if (!normal(msg).equals(normal(again))) {
            throw new AssertionError("written back and parsed again, " + msg + " became " + again);
        }
        SocketFilter f;
        try {
            f = StreamClient.subscription(msg);
        } catch (IllegalArgumentException e) {
            checkErrorReply(e.getMessage());
            return;
        }
        JsonWriter w = new JsonWriter().beginObject().field("type", "subscribed");
        w.name("filter");
        f.describe(w);
        String reply = w.endObject().toString();
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) JsonReader.parse(reply);
        Map<String, Object> resubscribe = new LinkedHashMap<>();
        resubscribe.put("type", "subscribe");
        resubscribe.put("filter", parsed.get("filter"));
        JsonWriter w2 = new JsonWriter();
        StreamClient.subscription(resubscribe).describe(w2);
        JsonWriter w1 = new JsonWriter();
        f.describe(w1);
        if (!w1.toString().equals(w2.toString())) {
            throw new AssertionError("the described filter " + w1 + " subscribes as " + w2);
        }
    }

    private static void checkErrorReply(String why) {
        if (why == null || why.isEmpty()) {
            throw new AssertionError("a refusal without words");
        }
        String reply = new JsonWriter().beginObject().field("type", "error").field("message", why).endObject().toString();
        Object back = JsonReader.parse(reply);
        if (!(back instanceof Map) || !why.equals(((Map<?, ?>) back).get("message"))) {
            throw new AssertionError("the error reply " + reply + " does not carry '" + why + "'");
        }
    }

    /** Any parsed value as JSON text. */
    private static String write(Object v) {
        JsonWriter w = new JsonWriter();
        write(w, v);
        return w.toString();
    }

    private static void write(JsonWriter w, Object v) {
        if (v instanceof Map) {
            w.beginObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                w.name((String) e.getKey());
                write(w, e.getValue());
            }
            w.endObject();
        } else if (v instanceof List) {
            w.beginArray();
            for (Object o : (List<?>) v) {
                write(w, o);
            }
            w.endArray();
        } else if (v instanceof String) {
            w.value((String) v);
        } else if (v instanceof Long) {
            w.value((long) (Long) v);
        } else if (v instanceof Double) {
            w.value((double) (Double) v);
        } else if (v instanceof Boolean) {
            w.value((boolean) (Boolean) v);
        } else if (v == null) {
            w.value((String) null);
        } else {
            throw new AssertionError("the parser made a " + v.getClass());
        }
    }

    /** Non-finite doubles are written as null; integral doubles may come back as longs. */
    private static Object normal(Object v) {
        if (v instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> m.put(k, normal(x)));
            return m;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            for (Object o : (List<?>) v) {
                l.add(normal(o));
            }
            return l;
        }
        if (v instanceof Double) {
            double d = (Double) v;
            return Double.isFinite(d) ? (Object) d : "null";
        }
        return v == null ? "null" : v;
    }
}
