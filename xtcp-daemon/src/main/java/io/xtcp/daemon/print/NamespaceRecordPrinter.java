package io.xtcp.daemon.print;

import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.core.record.RecordStamp;
import io.xtcp.daemon.netns.Namespace;
import io.xtcp.daemon.poll.NamespaceDumpHandler;
import io.xtcp.schema.v1.XtcpFlatRecord;

/**
 * One poll worker's side of a shared {@link RecordPrinter}: decodes on the worker's thread with
 * the stamp of the namespace being dumped (its name and inode), then prints through the printer.
 */
final class NamespaceRecordPrinter implements NamespaceDumpHandler {
    private final RecordPrinter printer;
    private final XtcpFlatRecord base;
    private final DecodedRecord record = new DecodedRecord();
    private XtcpFlatRecord stamp = XtcpFlatRecord.getDefaultInstance();

    NamespaceRecordPrinter(RecordPrinter printer, XtcpFlatRecord base) {
        this.printer = printer;
        this.base = base;
    }

    @Override
    public void begin(Namespace ns, long timestampNs) {
        // a one-shot dump prints no time, as with a single namespace
        stamp = RecordStamp.of(base, 0, ns.name(), ns.inode(), ns.nsid()).fields();
    }

    @Override
    public void onSocket(InetDiagMsg msg, DiagAttributes attrs) {
        record.reset();
        record.stamp(stamp);
        printer.decoder().decode(msg, attrs, record);
        printer.print(record);
    }
}
