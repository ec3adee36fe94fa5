package io.xtcp.core.record;

import io.xtcp.schema.v1.XtcpFlatRecord;
import java.nio.charset.StandardCharsets;

/**
 * One record as decoded values, for the text renderers and for tests: every field the kernel sent
 * is present, zero or not, in the order the decoder delivered it. Reused: {@link #reset()} between
 * records.
 */
public final class DecodedRecord implements FieldSink {
    private final long[] values = new long[RecordFields.max() + 1];
    private final int[] bytesOffset = new int[RecordFields.max() + 1];
    private final int[] bytesLength = new int[RecordFields.max() + 1];
    private final int[] generation = new int[RecordFields.max() + 1];
    private final int[] order = new int[RecordFields.max() + 1];
    private byte[] bytes = new byte[1024];
    private int bytesUsed;
    private int count;
    private int gen = 1;

    public void reset() {
        gen++;
        count = 0;
        bytesUsed = 0;
    }

    private boolean mark(int field) {
        if (generation[field] == gen) {
            return false;
        }
        generation[field] = gen;
        order[count++] = field;
        return true;
    }

    @Override
    public void number(int field, long value) {
        mark(field);
        values[field] = value;
    }

    @Override
    public void bytes(int field, byte[] src, int offset, int length) {
        mark(field);
        if (bytesUsed + length > bytes.length) {
            bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, bytesUsed + length));
        }
        System.arraycopy(src, offset, bytes, bytesUsed, length);
        bytesOffset[field] = bytesUsed;
        bytesLength[field] = length;
        bytesUsed += length;
    }

    /** Sets a string field (stamp fields). Empty strings are left out, as on the wire. */
    public void string(int field, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        bytes(field, b, 0, b.length);
    }

    /** Copies the non-default fields of a stamp. */
    public void stamp(XtcpFlatRecord s) {
        if (s.getSchemaVersion() != 0) {
            number(XtcpFlatRecord.SCHEMA_VERSION_FIELD_NUMBER, s.getSchemaVersion());
        }
        string(XtcpFlatRecord.DAEMON_VERSION_FIELD_NUMBER, s.getDaemonVersion());
        if (s.getTimestampNs() != 0) {
            number(XtcpFlatRecord.TIMESTAMP_NS_FIELD_NUMBER, s.getTimestampNs());
        }
        string(XtcpFlatRecord.HOSTNAME_FIELD_NUMBER, s.getHostname());
        string(XtcpFlatRecord.LOCATION_FIELD_NUMBER, s.getLocation());
        string(XtcpFlatRecord.NETNS_FIELD_NUMBER, s.getNetns());
        if (s.getNetnsInode() != 0) {
            number(XtcpFlatRecord.NETNS_INODE_FIELD_NUMBER, s.getNetnsInode());
        }
        if (s.getNsid() != 0) {
            number(XtcpFlatRecord.NSID_FIELD_NUMBER, s.getNsid());
        }
        string(XtcpFlatRecord.LABEL_FIELD_NUMBER, s.getLabel());
        string(XtcpFlatRecord.TAG_FIELD_NUMBER, s.getTag());
    }

    public boolean has(int field) {
        return field >= 0 && field < generation.length && generation[field] == gen;
    }

    /** Number of fields present. */
    public int size() {
        return count;
    }

    /** The i-th present field number, in delivery order. */
    public int fieldAt(int i) {
        return order[i];
    }

    public long number(int field) {
        return has(field) ? values[field] : 0;
    }

    public byte[] bytesOf(int field) {
        if (!has(field)) {
            return new byte[0];
        }
        return java.util.Arrays.copyOfRange(bytes, bytesOffset[field], bytesOffset[field] + bytesLength[field]);
    }

    public String string(int field) {
        return has(field) ? new String(bytes, bytesOffset[field], bytesLength[field], StandardCharsets.UTF_8) : "";
    }

    /** An address field as text (RFC 5952 for IPv6). */
    public String address(int field) {
        return has(field) ? AddressText.format(bytes, bytesOffset[field], bytesLength[field]) : "";
    }
}
