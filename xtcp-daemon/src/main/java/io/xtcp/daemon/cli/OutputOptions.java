package io.xtcp.daemon.cli;

import io.xtcp.core.netlink.TcpState;
import io.xtcp.core.record.Decoder;
import io.xtcp.dest.format.Formats;
import io.xtcp.dest.format.RecordFormat;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Flags shared by {@code dump} and {@code decode}: what to decode and how to print it. */
public final class OutputOptions {
    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "FORMAT",
            description = "Output format: jsonl, csv, tsv, table, proto (protobufList envelopes) or null (encode and discard) (default: ${DEFAULT-VALUE}).")
    public String format;

    @Option(names = "--columns", split = ",", paramLabel = "FIELD",
            description = "Columns for csv/tsv: schema field names, e.g. tcp_info_rtt (default: every socket field).")
    List<String> columns;

    @Option(names = "--decoders", defaultValue = "all", paramLabel = "LIST",
            description = "Attributes to request and decode: all, or a list of ${COMPLETION-CANDIDATES}.",
            completionCandidates = DecoderNames.class)
    String decoders;

    @Option(names = "--states", defaultValue = "all", paramLabel = "LIST",
            description = "TCP states to dump: all, connected, established, listen, time-wait, ... or a hex mask (default: ${DEFAULT-VALUE}).")
    String states;

    public RecordFormat recordFormat() {
        try {
            return Formats.byName(format, columns);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format/--columns: " + e.getMessage());
        }
    }

    Set<Decoder> decoderSet() {
        try {
            return Decoder.parse(decoders);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--decoders: " + e.getMessage());
        }
    }

    int stateMask() {
        try {
            return TcpState.parseMask(states);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--states: " + e.getMessage());
        }
    }

    /** For --help completion. */
    static final class DecoderNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of(Decoder.names().split(", ")).iterator();
        }
    }

}
