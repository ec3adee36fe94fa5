package io.xtcp.daemon.poll;

import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.record.RecordEncoder;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.daemon.netns.Namespace;
import io.xtcp.daemon.snapshot.SnapshotTap;
import io.xtcp.schema.v1.XtcpFlatRecord;

/**
 * What one poll worker does with each namespace it dumps: stamps the namespace's records with its
 * name, inode and the poll time, encodes them into the worker's own envelope, counts them in its
 * {@link SocketTally} and hands them to its {@link SnapshotTap}, and flushes the envelope when the
 * namespace is done. The {@link NamespacePoller} runs one per thread, so nothing here is shared.
 */
public final class PollWorker implements NamespaceDumpHandler {
    private final RecordEncoder encoder;
    private final XtcpFlatRecord base;
    private final SocketTally tally;
    private final SnapshotTap snapshot;

    public PollWorker(RecordEncoder encoder, XtcpFlatRecord base) {
        this(encoder, base, null, null);
    }

    /** With a tally, every socket is also counted for the metrics; with a tap, kept for the side server. */
    public PollWorker(RecordEncoder encoder, XtcpFlatRecord base, SocketTally tally, SnapshotTap snapshot) {
        this.encoder = encoder;
        this.base = base;
        this.tally = tally;
        this.snapshot = snapshot;
    }

    @Override
    public void begin(Namespace ns, long timestampNs) {
        encoder.stamp(RecordStamp.of(base, timestampNs, ns.name(), ns.inode(), ns.nsid()));
        if (snapshot != null) {
            snapshot.begin(ns.name());
        }
    }

    @Override
    public void onSocket(InetDiagMsg msg, DiagAttributes attrs) {
        encoder.onSocket(msg, attrs);
        if (tally != null) {
            tally.count(msg, attrs);
        }
        if (snapshot != null) {
            snapshot.record(msg, attrs, encoder.lastRecord(), encoder.lastRecordLength());
        }
    }

    /** Records encoded by this worker since start. */
    public long records() {
        return encoder.records();
    }

    @Override
    public void end(NamespacePollResult result) {
        encoder.envelope().flush();
        if (snapshot != null) {
            snapshot.end();
        }
    }
}
