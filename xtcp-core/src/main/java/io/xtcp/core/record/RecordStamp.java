package io.xtcp.core.record;

import io.xtcp.schema.v1.XtcpFlatRecord;

/**
 * The fields every record of one poll of one namespace shares: time, host, namespace, labels.
 * Encoded to wire bytes once per poll and copied in front of each record.
 */
public final class RecordStamp {
    public static final int SCHEMA_VERSION = 1;

    private final byte[] wire;
    private final XtcpFlatRecord fields;

    private RecordStamp(XtcpFlatRecord fields) {
        this.fields = fields;
        this.wire = fields.toByteArray();
    }

    /** Starts a stamp with the fields that stay the same for the whole run. */
    public static XtcpFlatRecord.Builder base(String daemonVersion, String hostname, String location, String label, String tag) {
        return XtcpFlatRecord.newBuilder()
                .setSchemaVersion(SCHEMA_VERSION)
                .setDaemonVersion(nz(daemonVersion))
                .setHostname(nz(hostname))
                .setLocation(nz(location))
                .setLabel(nz(label))
                .setTag(nz(tag));
    }

    /** The stamp of one poll of one namespace. */
    public static RecordStamp of(XtcpFlatRecord base, long timestampNs, String netns, long netnsInode, int nsid) {
        return new RecordStamp(base.toBuilder()
                .setTimestampNs(timestampNs)
                .setNetns(nz(netns))
                .setNetnsInode(netnsInode)
                .setNsid(nsid)
                .build());
    }

    /** A stamp with no fields (offline decoding). */
    public static RecordStamp empty() {
        return new RecordStamp(XtcpFlatRecord.getDefaultInstance());
    }

    public byte[] wire() {
        return wire;
    }

    /** The stamp's fields, for renderers that print them. */
    public XtcpFlatRecord fields() {
        return fields;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
