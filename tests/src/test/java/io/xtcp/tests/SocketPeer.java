package io.xtcp.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Python peer (netns_sockets.py) that holds loopback sockets inside namespaces and spawns
 * {@code unshare -n} processes: an independent implementation of entering a namespace, so what
 * xtcp reports is checked against sockets it did not make. One command at a time.
 */
final class SocketPeer implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private SocketPeer(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static SocketPeer start() throws IOException {
        Path script;
        try {
            script = Path.of(SocketPeer.class.getResource("/netns_sockets.py").toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        return new SocketPeer(new ProcessBuilder("python3", "-u", script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** A listening socket on ADDR:PORT in the namespace at {@code nsPath}. */
    void listen(String nsPath, String addr, int port) throws IOException {
        ask("listen " + nsPath + " " + addr + " " + port);
    }

    /** {@code count} clients connected to, and accepted by, an earlier listener. */
    void connect(String nsPath, String addr, int port, int count) throws IOException {
        ask("connect " + nsPath + " " + addr + " " + port + " " + count);
    }

    /** Closes every socket made in that namespace. */
    void close(String nsPath) throws IOException {
        ask("close " + nsPath);
    }

    /** Starts {@code unshare -n sleep 600}; returns its pid once it is in a namespace of its own. */
    int spawnNamespace() throws IOException {
        return Integer.parseInt(ask("spawn").trim());
    }

    void kill(int pid) throws IOException {
        ask("kill " + pid);
    }

    private String ask(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
        String answer = out.readLine();
        if (answer == null) {
            throw new IOException("socket peer exited during: " + command);
        }
        if (!answer.startsWith("ok")) {
            throw new IOException("socket peer: " + command + " -> " + answer);
        }
        return answer.substring(2);
    }

    /** Closes every socket and kills every spawned process (the script does it at end of input). */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        out.close();
    }
}
