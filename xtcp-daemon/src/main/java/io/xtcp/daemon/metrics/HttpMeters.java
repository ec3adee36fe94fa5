package io.xtcp.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The side server: {@code xtcp.http.requests} by route pattern and status, and the WebSocket
 * {@code /stream}: clients connected (also in {@link StatusReadings}), clients dropped for not
 * keeping up, messages sent.
 */
public final class HttpMeters implements MeterBinder {
    private final StatusReadings status;
    private final TagValues routes = new TagValues(24);
    private MeterRegistry registry;
    private Counter streamDropped;
    private Counter streamMessages;

    public HttpMeters(StatusReadings status) {
        this.status = status;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("xtcp.stream.clients", status.streamClients, AtomicLong::get).description("WebSocket /stream clients connected")
                .register(registry);
        streamDropped = Counter.builder("xtcp.stream.dropped")
                .description("WebSocket /stream clients disconnected for not keeping up").register(registry);
        streamMessages = Counter.builder("xtcp.stream.messages").description("WebSocket /stream messages sent").register(registry);
    }

    /** One answered HTTP request; {@code route} is the matched route pattern, never the raw path. */
    public void request(String route, int status) {
        Counter.builder("xtcp.http.requests").tag("route", routes.of(route)).tag("status", Integer.toString(status))
                .description("Side-server requests by route and status").register(registry).increment();
    }

    public void streamClientConnected() {
        status.streamClients.incrementAndGet();
    }

    public void streamClientGone() {
        status.streamClients.decrementAndGet();
    }

    public void streamClientDropped() {
        streamDropped.increment();
    }

    public void streamMessageSent() {
        streamMessages.increment();
    }
}
