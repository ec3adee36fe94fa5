package io.xtcp.tests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** One scrape of the daemon's Prometheus text at http://127.0.0.1:PORT/metrics, summed by metric name. */
final class Metrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Double> sums;
    private final String text;

    private Metrics(String text, Map<String, Double> sums) {
        this.text = text;
        this.sums = sums;
    }

    static Metrics scrape(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("/metrics answered " + r.statusCode());
        }
        Map<String, Double> sums = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, end >= 0 ? end : line.indexOf(' '));
            sums.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
        }
        return new Metrics(r.body(), sums);
    }

    /** Sum of every series of {@code name}; fails when the daemon does not export it. */
    double sum(String name) {
        Double v = sums.get(name);
        if (v == null) {
            throw new AssertionError("metric " + name + " missing from /metrics:\n" + text);
        }
        return v;
    }

    long count(String name) {
        return (long) sum(name);
    }

    String text() {
        return text;
    }

    /** A free TCP port on 127.0.0.1 for --http-listen (free when asked; another process may take it, which fails the start loudly). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
