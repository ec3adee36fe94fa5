package io.xtcp.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.daemon.run.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * 64 real connections from 127.0.0.1 trickle a request head a byte every 250 ms (each byte resets
 * the idle timeout); a probe from 127.0.0.2 must still get /healthz, /readyz and /metrics. Beyond
 * 16 the trickling address is refused (429), and the 16 admitted are answered 408 and closed at the
 * request deadline, still trickling.
 */
class SlowlorisTest {
    static final byte[] TRICKLE = ("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-Slow: 1\r\n".repeat(500))
            .getBytes(StandardCharsets.US_ASCII);

    /** One trickling connection: writes a byte, then reads for up to 250 ms; keeps the first status it is answered. */
    static final class Trickler implements Runnable {
        final Socket socket = new Socket();
        volatile int status;
        volatile boolean closedByServer;
        volatile int bytesSent;
        private final AtomicBoolean stop;

        Trickler(InetSocketAddress server, AtomicBoolean stop) throws IOException {
            this(server, "127.0.0.1", stop);
        }

        Trickler(InetSocketAddress server, String from, AtomicBoolean stop) throws IOException {
            this.stop = stop;
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(server, 5000);
            socket.setSoTimeout(250);
        }

        @Override
        public void run() {
            StringBuilder answer = new StringBuilder();
            try (socket) {
                InputStream in = socket.getInputStream();
                while (!stop.get() && bytesSent < TRICKLE.length) {
                    try {
                        socket.getOutputStream().write(TRICKLE[bytesSent]);
                        bytesSent++;
                    } catch (IOException e) {
                        // closed by the server: its answer is still to be read
                    }
                    try {
                        int b;
                        while ((b = in.read()) >= 0) {
                            answer.append((char) b);
                            if (status == 0 && answer.length() >= 12) {
                                status = Integer.parseInt(answer.substring(9, 12));
                            }
                        }
                        closedByServer = true;
                        return;
                    } catch (SocketTimeoutException e) {
                        // nothing yet: trickle on
                    }
                }
            } catch (IOException e) {
                closedByServer = status != 0;
            }
        }
    }

    @Test
    void tricklingConnectionsDoNotStarveTheProbes() throws Exception {
        HttpSettings s = HttpSettings.loopback(0); // the defaults: 64 connections, 16 per address, 5 s to send a request
        try (ServerFixture f = new ServerFixture(s).start()) {
            f.daemon.readiness = Verdict.yes("ready");
            InetSocketAddress server = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), f.port());
            AtomicBoolean stop = new AtomicBoolean();
            List<Trickler> tricklers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            try {
                for (int i = 0; i < 64; i++) {
                    Trickler t = new Trickler(server, stop);
                    tricklers.add(t);
                    Thread th = new Thread(t, "trickler-" + i);
                    th.setDaemon(true);
                    th.start();
                    threads.add(th);
                }
                StreamTest.waitFor(() -> tricklers.stream().filter(t -> t.status == 429).count() == 48,
                        "48 of 64 connections from one address refused");
                InetAddress tricklerAddress = InetAddress.getByName("127.0.0.1");
                assertEquals(16, f.server.openConnectionsFrom(tricklerAddress), "16 admitted from the trickling address");

                InetAddress probe = InetAddress.getByName("127.0.0.2");
                for (int round = 0; round < 5; round++) {
                    for (String path : List.of("/healthz", "/readyz", "/metrics")) {
                        RawHttp.Answer a = RawHttp.send(server, probe, "GET", path, "Host", "127.0.0.1:" + f.port());
                        assertEquals(200, a.status(), path + " from another address while 16 connections trickle: " + a.body());
                    }
                }
                assertTrue(tricklers.stream().noneMatch(t -> t.status == 408),
                        "the probes were answered while the 16 still held their connections");

                StreamTest.waitFor(() -> tricklers.stream().filter(t -> t.status == 408 && t.closedByServer).count() == 16,
                        "the 16 admitted answered 408 and closed at the request deadline");
                for (Trickler t : tricklers) {
                    assertTrue(t.bytesSent < TRICKLE.length, "closed while still trickling, not after sending a whole head");
                }
                StreamTest.waitFor(() -> f.server.openConnectionsFrom(tricklerAddress) == 0, "the trickling address holds nothing");
                assertEquals(200, RawHttp.send(server, tricklerAddress, "GET", "/healthz").status(), "the address is served again");
            } finally {
                stop.set(true);
                for (Thread th : threads) {
                    th.join(5000);
                }
            }
        }
    }

    @Test
    void fourTricklingAddressesFillingTheServerStillLetTheProbeIn() throws Exception {
        HttpSettings s = HttpSettings.loopback(0); // 64 in all, 16 per address: four addresses fill it
        try (ServerFixture f = new ServerFixture(s).start()) {
            InetSocketAddress server = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), f.port());
            AtomicBoolean stop = new AtomicBoolean();
            List<Trickler> tricklers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            try {
                for (String from : List.of("127.0.0.1", "127.0.0.3", "127.0.0.4", "127.0.0.5")) {
                    for (int i = 0; i < 16; i++) {
                        Trickler t = new Trickler(server, from, stop);
                        tricklers.add(t);
                        Thread th = new Thread(t, "trickler-" + from + "-" + i);
                        th.setDaemon(true);
                        th.start();
                        threads.add(th);
                    }
                }
                StreamTest.waitFor(() -> f.server.openConnections() == 64, "64 trickling connections hold the server");
                InetAddress probe = InetAddress.getByName("127.0.0.2");
                for (int round = 0; round < 5; round++) {
                    RawHttp.Answer a = RawHttp.send(server, probe, "GET", "/healthz", "Host", "127.0.0.1:" + f.port());
                    assertEquals(200, a.status(), "/healthz while 64 connections from four addresses trickle: " + a.body());
                }
                long evicted = tricklers.stream().filter(t -> t.status == 408).count();
                assertTrue(evicted >= 1, "the first probe made room by closing the oldest trickler (408); the next ones found "
                        + "the room it left (" + evicted + " answered 408)");
                assertTrue(tricklers.stream().noneMatch(t -> t.status == 503), "no connection was refused for want of room");
            } finally {
                stop.set(true);
                for (Thread th : threads) {
                    th.join(5000);
                }
            }
        }
    }

    @Test
    void aKeptAliveConnectionGetsAFreshDeadlinePerRequest() throws Exception {
        HttpSettings s = HttpSettings.loopback(0).withGuards(java.time.Duration.ofSeconds(1), 16);
        try (ServerFixture f = new ServerFixture(s).start(); Socket c = new Socket("127.0.0.1", f.port())) {
            c.setSoTimeout(10_000);
            byte[] req = ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            c.getOutputStream().write(req);
            assertEquals(200, RawHttp.read(c.getInputStream()).status());
            // waiting between requests is the idle timeout's business, not the request deadline's:
            // nothing (no 408, no close) comes for longer than the deadline
            c.setSoTimeout(1500);
            org.junit.jupiter.api.Assertions.assertThrows(SocketTimeoutException.class, () -> c.getInputStream().read());
            c.setSoTimeout(10_000);
            c.getOutputStream().write(req);
            assertEquals(200, RawHttp.read(c.getInputStream()).status(), "the second request on a connection idle past the deadline");
            c.getOutputStream().write("GET /healthz HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            RawHttp.Answer late = RawHttp.read(c.getInputStream());
            assertEquals(408, late.status(), "a head begun and never finished");
            assertEquals(-1, c.getInputStream().read(), "and closed");
        }
    }
}
