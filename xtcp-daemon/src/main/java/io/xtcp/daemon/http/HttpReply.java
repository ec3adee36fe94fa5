package io.xtcp.daemon.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete response: status, content type, body, and extra headers. */
record HttpReply(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    static HttpReply json(int status, CharSequence json) {
        return new HttpReply(status, JSON, json.toString().getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static HttpReply text(int status, String text) {
        return new HttpReply(status, TEXT, text.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** {"error": message}. */
    static HttpReply error(int status, String message) {
        return json(status, new JsonWriter().beginObject().field("error", message).field("status", status).endObject().builder());
    }

    HttpReply header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpReply(status, contentType, body, h);
    }
}
