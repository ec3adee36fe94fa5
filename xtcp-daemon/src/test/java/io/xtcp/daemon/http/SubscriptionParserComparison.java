package io.xtcp.daemon.http;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Not a test: the figures behind keeping the hand-written subscription parser (docs/http.md).
 * Runs {@link JsonCases} through it and through Gson's streaming {@code JsonReader} (the Gson the
 * jar already ships, strict mode, with the same depth limit, duplicate check and end-of-input
 * check added around it), prints each disagreement with RFC 8259, then times one typical
 * subscription message through each. Run with the daemon's test classpath:
 * {@code java -cp ... io.xtcp.daemon.http.SubscriptionParserComparison}.
 */
final class SubscriptionParserComparison {
    private SubscriptionParserComparison() {}

    /** Gson's streaming reader made to build what {@link io.xtcp.daemon.http.JsonReader#parse} builds. */
    static Object gson(String text) throws IOException {
        JsonReader r = new JsonReader(new StringReader(text));
        r.setLenient(false);
        Object v = value(r, 0);
        if (r.peek() != JsonToken.END_DOCUMENT) {
            throw new IOException("trailing characters at " + r.getPath());
        }
        return v;
    }

    private static Object value(JsonReader r, int depth) throws IOException {
        if (depth > io.xtcp.daemon.http.JsonReader.MAX_DEPTH) {
            throw new IOException("nested deeper than " + io.xtcp.daemon.http.JsonReader.MAX_DEPTH + " at " + r.getPath());
        }
        switch (r.peek()) {
            case BEGIN_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                r.beginObject();
                while (r.hasNext()) {
                    String k = r.nextName();
                    if (m.put(k, value(r, depth + 1)) != null) {
                        throw new IOException("duplicate member '" + k + "' at " + r.getPath());
                    }
                }
                r.endObject();
                return m;
            }
            case BEGIN_ARRAY: {
                List<Object> l = new ArrayList<>();
                r.beginArray();
                while (r.hasNext()) {
                    l.add(value(r, depth + 1));
                }
                r.endArray();
                return l;
            }
            case STRING:
                return r.nextString();
            case NUMBER: {
                String n = r.nextString();
                try {
                    return Long.parseLong(n);
                } catch (NumberFormatException e) {
                    return Double.parseDouble(n);
                }
            }
            case BOOLEAN:
                return r.nextBoolean();
            case NULL:
                r.nextNull();
                return null;
            default:
                throw new IOException("unexpected " + r.peek() + " at " + r.getPath());
        }
    }

    /** "refused: message" or "accepted", and for anything but IOException the exception's class. */
    private static String gsonVerdict(String text) {
        try {
            gson(text);
            return "accepted";
        } catch (IOException e) {
            return "refused: " + e.getMessage();
        } catch (RuntimeException e) {
            return "THREW " + e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (StackOverflowError e) {
            return "THREW StackOverflowError";
        }
    }

    private static String handVerdict(String text) {
        try {
            io.xtcp.daemon.http.JsonReader.parse(text);
            return "accepted";
        } catch (io.xtcp.daemon.http.JsonReader.JsonException e) {
            return "refused: " + e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            return "THREW " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** The median of the rounds after the first {@code skip} (JIT warm-up). */
    private static double median(double[] rounds, int skip) {
        double[] r = java.util.Arrays.copyOfRange(rounds, skip, rounds.length);
        java.util.Arrays.sort(r);
        return r[r.length / 2];
    }

    private static double min(double[] rounds, int skip) {
        return java.util.Arrays.stream(rounds, skip, rounds.length).min().orElse(0);
    }

    public static void main(String[] args) throws Exception {
        int handWrong = 0;
        int gsonWrong = 0;
        List<JsonCases.Case> cases = JsonCases.all();
        for (JsonCases.Case c : cases) {
            String hand = handVerdict(c.text());
            String gson = gsonVerdict(c.text());
            boolean handOk = c.valid() ? hand.equals("accepted") : hand.startsWith("refused");
            boolean gsonOk = c.valid() ? gson.equals("accepted") : gson.startsWith("refused");
            if (!handOk) {
                handWrong++;
                System.out.printf("hand  wrong on %-32s %s%n", c.name(), hand);
            }
            if (!gsonOk) {
                gsonWrong++;
                System.out.printf("gson  wrong on %-32s %s%n", c.name(), gson);
            }
            if (handOk && gsonOk && !c.valid() && args.length > 0) {
                System.out.printf("      %-32s hand: %s%n      %-32s gson: %s%n", c.name(), hand, "", gson);
            }
        }
        System.out.printf("cases %d: hand-written wrong on %d, Gson streaming (strict) wrong on %d%n", cases.size(), handWrong, gsonWrong);

        String msg = JsonCases.TYPICAL;
        int n = 100_000;
        int rounds = 15;
        double[] hand = new double[rounds];
        double[] gson = new double[rounds];
        Object sink = null;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink = io.xtcp.daemon.http.JsonReader.parse(msg);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink = gson(msg);
            }
            long t2 = System.nanoTime();
            hand[round] = (t1 - t0) / (double) n;
            gson[round] = (t2 - t1) / (double) n;
        }
        System.out.printf("typical subscription (%d chars), %d rounds of %d, after the first 5: hand-written median %.0f ns (min %.0f),"
                + " Gson streaming median %.0f ns (min %.0f) (%s)%n", msg.length(), rounds, n,
                median(hand, 5), min(hand, 5), median(gson, 5), min(gson, 5), sink.getClass().getSimpleName());
    }
}
