package io.xtcp.daemon.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request over a plain socket, headers exactly as given (clients refuse to set Host, and
 * browsers' Origin is what these tests forge), optionally from a chosen local address. Reads the
 * response head, and the body by its Content-Length.
 */
final class RawHttp {
    private RawHttp() {}

    /** A response: status, headers (lower-case names), body. */
    record Answer(int status, Map<String, String> headers, String body) {}

    /** A request; {@code headers} are name, value pairs (Host included or not, as the caller wants). */
    static Answer send(InetSocketAddress server, InetAddress from, String method, String path, String... headers) throws IOException {
        try (Socket s = new Socket()) {
            if (from != null) {
                s.bind(new InetSocketAddress(from, 0));
            }
            s.connect(server, 5000);
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                req.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                req.append("Content-Length: 0\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return read(s.getInputStream());
        }
    }

    /** A WebSocket upgrade of /stream with the given extra headers; the head of the answer. */
    static Answer upgrade(InetSocketAddress server, String... headers) throws IOException {
        List<String> all = new ArrayList<>(List.of(headers));
        all.addAll(List.of("Upgrade", "websocket", "Sec-WebSocket-Key",
                Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)), "Sec-WebSocket-Version", "13"));
        try (Socket s = new Socket()) {
            s.connect(server, 5000);
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder("GET /stream HTTP/1.1\r\nConnection: Upgrade\r\n");
            for (int i = 0; i < all.size(); i += 2) {
                req.append(all.get(i)).append(": ").append(all.get(i + 1)).append("\r\n");
            }
            s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return read(s.getInputStream());
        }
    }

    static Answer read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a response head: '" + head + "'");
            }
            head.append((char) b);
        }
        String[] lines = head.toString().split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            if (c > 0) {
                h.put(lines[i].substring(0, c).strip().toLowerCase(Locale.ROOT), lines[i].substring(c + 1).strip());
            }
        }
        int length = Integer.parseInt(h.getOrDefault("content-length", "0"));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < length; i++) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            body.write(b);
        }
        return new Answer(status, h, body.toString(StandardCharsets.UTF_8));
    }
}
