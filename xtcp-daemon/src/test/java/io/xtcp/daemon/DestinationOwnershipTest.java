package io.xtcp.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.testsupport.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The destination is owned from the moment it opens: a part that fails after it and before its
 * pipeline exists (here the spool, whose folder cannot be made) leaves no descriptor of it open.
 * Oracle: this process's /proc/self/fd.
 */
class DestinationOwnershipTest {
    @TempDir
    Path dir;

    @Test
    void aFailureAfterTheDestinationOpenedClosesIt() throws Exception {
        Prerequisites.requireRoot("the daemon checks its capabilities first");
        Path out = dir.resolve("out.pb");
        int status = Main.execute(new String[] {"run", "--dest", out.toUri().toString(), "--overflow", "spool",
            "--spool-dir", "/proc/xtcp-spool-cannot-be-made", "--http-listen", "off", "--max-polls", "1"}, Map.of());
        assertEquals(Main.EXIT_FAILURE, status, "the spool cannot be opened: run fails");
        assertTrue(Files.exists(out), "the destination was opened before the spool failed");
        List<String> left = openFds().stream().filter(t -> t.startsWith(dir.toString())).toList();
        assertTrue(left.isEmpty(), "no descriptor of the destination is left open: " + left);
    }


    private static List<String> openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(p -> {
                try {
                    return Files.readSymbolicLink(p).toString();
                } catch (IOException e) {
                    return "";
                }
            }).toList();
        }
    }
}
