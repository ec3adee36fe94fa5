package io.xtcp.dest.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.dest.DestinationContract;
import io.xtcp.dest.Destinations;
import io.xtcp.dest.marshal.ProtobufListMarshaller;
import io.xtcp.dest.pipeline.PipelineConfig;
import io.xtcp.dest.pipeline.SinkHealth;
import io.xtcp.dest.pipeline.SinkPipeline;
import io.xtcp.dest.testing.TestBatches;
import io.xtcp.testsupport.Prerequisites;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file sink on a real tmpfs of 512 KiB filled to the last block, then given room again. */
class FullDiskTest {
    @TempDir
    Path dir;
    private Path mnt;

    @AfterEach
    void unmount() throws Exception {
        if (mnt != null) {
            new ProcessBuilder("umount", "-l", mnt.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aFullDiskIsStaleWithItsReasonAndHealsWhenSpaceIsFreed() throws Exception {
        Prerequisites.requireRoot("mounts a 512 KiB tmpfs");
        Path m = Files.createDirectory(dir.resolve("mnt"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", m.toString()).inheritIO().start();
        assertEquals(0, mount.waitFor(), "mount tmpfs");
        mnt = m;
        Path out = mnt.resolve("out.pb");
        SinkPipeline p = new SinkPipeline(Destinations.open("file://" + out, Map.of()), new ProtobufListMarshaller(),
                PipelineConfig.builder().staleAfter(Duration.ofMillis(300)).retry(Duration.ofMillis(5), Duration.ofMillis(50))
                        .maxQueueBatches(8).build());
        try {
            fillThenFree(p, out);
        } finally {
            p.close();
        }
    }

    private void fillThenFree(SinkPipeline p, Path out) throws Exception {
        Path filler = mnt.resolve("filler");
        fill(filler);

        List<TestBatches.Batch> bs = TestBatches.batches(1, 400, 4, 64000, 600); // about 2.5 KiB a batch
        long offered = 0;
        for (TestBatches.Batch b : bs.subList(0, 40)) {
            p.offer(b.buffer(), b.records);
            offered += b.records;
        }
        DestinationContract.waitFor(() -> p.health(System.currentTimeMillis()).state() == SinkHealth.State.STALE,
                Duration.ofSeconds(10));
        SinkHealth h = p.health(System.currentTimeMillis());
        assertEquals("no space left on device", h.reason());
        assertTrue(h.failingSinceMillis() > 0 && h.lastSuccessMillis() == 0, h.toString());
        assertEquals(0, p.stats().sentRecords());
        assertTrue(p.stats().sendFailures() > 0);
        assertEquals(offered, p.stats().droppedRecords("overflow") + heldRecords(p), p.stats().toString());

        Files.delete(filler);
        for (TestBatches.Batch b : bs.subList(40, 60)) {
            p.offer(b.buffer(), b.records);
            offered += b.records;
        }
        long all = offered;
        DestinationContract.waitFor(() -> p.stats().sentRecords() + p.stats().droppedRecords() == all, Duration.ofSeconds(10));
        h = p.health(System.currentTimeMillis());
        assertEquals(SinkHealth.State.DELIVERING, h.state(), h.toString());
        assertTrue(h.lastSuccessMillis() > 0);
        p.close();

        List<Long> written = TestBatches.streamCounters(Files.readAllBytes(out)); // throws on a partial batch
        assertEquals(p.stats().sentRecords(), written.size(), "the file holds exactly the records counted sent");
        assertEquals(written.size(), new HashSet<>(written).size(), "none twice");
        assertEquals(all, p.stats().sentRecords() + p.stats().droppedRecords("overflow"), p.stats().toString());
    }

    private static long heldRecords(SinkPipeline p) {
        return p.stats().offeredRecords() - p.stats().sentRecords() - p.stats().droppedRecords();
    }

    /** Writes zeros until the file system says it is full. */
    private static void fill(Path filler) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(4096);
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (true) {
                zeros.clear();
                ch.write(zeros);
            }
        } catch (IOException e) {
            assertTrue(String.valueOf(e.getMessage()).contains("No space left on device"), e.toString());
        }
    }
}
