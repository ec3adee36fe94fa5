package io.xtcp.daemon.http;

import io.xtcp.daemon.metrics.XtcpMetrics;
import io.xtcp.daemon.snapshot.PollFeed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real side server on an ephemeral loopback port, with a fake daemon and a real registry. */
final class ServerFixture implements AutoCloseable {
    final XtcpMetrics metrics = new XtcpMetrics("9.9.9", false);
    final FakeDaemon daemon = new FakeDaemon();
    final PollFeed feed;
    final HttpSideServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServerFixture() throws Exception {
        this(HttpSettings.loopback(0));
    }

    ServerFixture(HttpSettings settings) throws Exception {
        this(settings, new PollFeed());
    }

    ServerFixture(HttpSettings settings, PollFeed feed) throws Exception {
        this.feed = feed;
        server = new HttpSideServer(settings, metrics, daemon, feed);
    }

    ServerFixture start() throws Exception {
        server.start();
        return this;
    }

    int port() {
        return server.port();
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        metrics.close();
    }
}
