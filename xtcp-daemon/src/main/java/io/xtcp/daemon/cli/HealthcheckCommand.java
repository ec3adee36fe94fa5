package io.xtcp.daemon.cli;

import io.xtcp.daemon.Main;
import io.xtcp.daemon.config.DurationConverter;
import io.xtcp.daemon.config.HttpAuth;
import io.xtcp.daemon.config.HttpConfig;
import io.xtcp.daemon.config.SettingText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xtcp healthcheck}: probes a running daemon's {@code /readyz} on its side server and exits 0
 * when ready, 1 when not ready or unreachable, with one line saying why. For a container
 * {@code HEALTHCHECK} in an image without a shell or curl (xtcp2's {@code -healthcheck}). It reads
 * the same {@code --http-listen} (and {@code XTCP_HTTP_LISTEN}) as {@code run}; a wildcard listen
 * ({@code :9088}, {@code 0.0.0.0:9088}) is probed on loopback.
 */
@Command(name = "healthcheck", mixinStandardHelpOptions = true,
        description = {"Probe a running daemon's /readyz on its side server (--http-listen) and print one line saying why.",
            "Exit status: 0 ready, 1 not ready or unreachable, 2 bad flags."})
public final class HealthcheckCommand implements Callable<Integer> {
    @Option(names = "--http-listen", defaultValue = "127.0.0.1:9088", paramLabel = "HOST:PORT",
            description = "The daemon's side server, as given to run; ':PORT' and wildcard addresses are probed on loopback "
                    + "(default: ${DEFAULT-VALUE}).")
    String httpListen;

    @Option(names = "--http-token-file", paramLabel = "FILE",
            description = "Send this token (as run's --http-token-file); /readyz needs none, so only for proxies that ask for it.")
    Path httpTokenFile;

    @Option(names = "--healthcheck-timeout", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Give up (not ready) after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        HttpConfig c = new HttpConfig(httpListen, httpTokenFile, HttpAuth.PROTECTED, 1, Duration.ofSeconds(60), 0);
        if (!c.enabled()) {
            throw new UsageException("--http-listen is 'off': there is no side server to probe");
        }
        InetSocketAddress at;
        String token;
        try {
            at = target(c.address());
            token = c.readToken();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().startsWith("--") ? e.getMessage() : "--http-listen: " + e.getMessage());
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new UsageException("--healthcheck-timeout must be positive and at most 5m, got " + DurationConverter.format(timeout));
        }
        String host = at.getAddress().getHostAddress();
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + at.getPort();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + authority + "/readyz")).timeout(timeout).GET();
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        try {
            HttpResponse<String> r = client.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String body = SettingText.shown(r.body().strip());
            if (r.statusCode() == 200) {
                System.out.println("ready: " + authority + "/readyz answered 200" + (body.isEmpty() ? "" : " (" + body + ")"));
                return 0;
            }
            System.out.println("not ready: " + authority + "/readyz answered " + r.statusCode() + (body.isEmpty() ? "" : ": " + body));
            return Main.EXIT_FAILURE;
        } catch (HttpTimeoutException e) {
            System.out.println("not ready: " + authority + "/readyz did not answer within " + DurationConverter.format(timeout));
            return Main.EXIT_FAILURE;
        } catch (IOException e) {
            // the JDK client's ConnectException carries no message: a refused connection
            String why = e instanceof java.net.ConnectException ? "connection refused (is the daemon running with this --http-listen?)"
                    : e.getClass().getSimpleName();
            for (Throwable t = e; t != null && !(e instanceof java.net.ConnectException); t = t.getCause()) {
                if (t.getMessage() != null && !t.getMessage().isBlank()) {
                    why = t.getMessage();
                    break;
                }
            }
            System.out.println("unreachable: " + authority + " (--http-listen " + SettingText.shown(httpListen) + "): "
                    + SettingText.shown(why));
            return Main.EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.out.println("not ready: interrupted");
            return Main.EXIT_FAILURE;
        }
    }

    /** Where to connect: the address itself, or loopback for a wildcard. */
    static InetSocketAddress target(InetSocketAddress listen) {
        if (listen.getAddress().isAnyLocalAddress()) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), listen.getPort());
        }
        return listen;
    }
}
