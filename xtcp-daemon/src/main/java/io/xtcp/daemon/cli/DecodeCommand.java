package io.xtcp.daemon.cli;

import io.xtcp.core.netlink.DumpResult;
import io.xtcp.core.netlink.DumpStats;
import io.xtcp.core.netlink.InetDiagDumper;
import io.xtcp.core.pcap.PcapFile;
import io.xtcp.core.pcap.PcapFormatException;
import io.xtcp.core.pcap.PcapReplayChannel;
import io.xtcp.daemon.Main;
import io.xtcp.daemon.print.DumpOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code xtcp decode FILE.pcap...}: decodes the inet_diag replies in nlmon captures offline. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode the inet_diag replies in nlmon pcap captures (link type 253), offline, streaming: any size in the same memory.",
            "Exit status: 0 clean, 1 when a capture held malformed data (all that could be decoded is printed), 2 for unreadable input,",
            "4 when a capture ends inside a dump (no NLMSG_DONE after its last replies: cut short), all else clean."})
public final class DecodeCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Parameters(arity = "1..*", paramLabel = "FILE.pcap", description = "Captures to decode.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        for (Path f : files) { // before the printer exists: a missing capture prints its error only, no table header
            if (!Files.isRegularFile(f)) {
                throw new UsageException(f + ": " + (Files.isDirectory(f) ? "a directory, not a capture file" : "no such file"));
            }
        }
        DumpOutput printer = DumpOutput.create(output, output.decoderSet());
        DumpStats stats = new DumpStats();
        InetDiagDumper dumper = new InetDiagDumper(stats).checkSequence(false);
        int oversized = 0;
        int incomplete = 0;
        for (Path f : files) {
            PcapFile capture;
            try {
                if (!Files.isRegularFile(f)) {
                    throw new NoSuchFileException(f.toString());
                }
                capture = PcapFile.open(f);
            } catch (NoSuchFileException e) {
                printer.finish();
                throw new UsageException(f + ": no such file");
            } catch (PcapFormatException e) {
                printer.finish();
                throw new UsageException(e.getMessage());
            }
            try (PcapReplayChannel channel = new PcapReplayChannel(capture)) {
                long socketsBefore;
                long datagramsBefore;
                while (true) {
                    socketsBefore = stats.sockets;
                    datagramsBefore = stats.datagrams;
                    if (dumper.readReplies(channel, InetDiagDumper.ANY_REPLY_TYPE, 0, printer.handler()) == DumpResult.END_OF_STREAM) {
                        break;
                    }
                    stats.dumps++;
                }
                // Replies after the last NLMSG_DONE, or a record cut by the end of the file: the capture stopped inside a dump.
                if (stats.datagrams > datagramsBefore || capture.cutRecords() > 0) {
                    incomplete++;
                    System.err.println("xtcp decode: warning: " + f + " ends inside a dump (no NLMSG_DONE"
                            + (capture.cutRecords() > 0 ? ", its last record cut short" : "") + "); the "
                            + (stats.sockets - socketsBefore) + " socket(s) of that dump printed are not all there were");
                }
            }
            oversized += capture.oversizedRecords();
        }
        printer.finish();
        long problems = stats.problems() + oversized;
        if (problems > 0) {
            System.err.println("xtcp decode: " + problems + " malformed item(s) counted and skipped ("
                    + "pcap records larger than the receive buffer=" + oversized + ", " + stats + ")");
            return Main.EXIT_FAILURE;
        }
        return incomplete > 0 ? Main.EXIT_INCOMPLETE : 0;
    }
}
