package io.xtcp.core.record;

import static io.xtcp.core.netlink.TcpInfo.*;

import io.xtcp.core.netlink.NativeBytes;
import io.xtcp.schema.v1.XtcpFlatRecord;

/**
 * {@code struct tcp_info} to record fields. From {@code tcpi_rto} on, the schema numbers the
 * fields consecutively in struct order (1215 to 1274), so the struct is read as ten runs of
 * same-sized integers: a tight loop per run, with no per-field table lookup or size dispatch (most
 * fields of most sockets are zero, which the protobuf writer skips at once). A field is delivered
 * only when the attribute is long enough to hold it (192 to 280 bytes depending on the kernel);
 * nothing past the length is read.
 */
final class TcpInfoDecoder {
    private TcpInfoDecoder() {}

    /** Delivers the fields of the tcp_info at {@code b[o, o + len)}. */
    static void decode(byte[] b, int o, int len, FieldSink sink) {
        if (len < RTO_OFFSET) {
            decodeShort(b, o, len, sink);
            return;
        }
        sink.number(XtcpFlatRecord.TCP_INFO_STATE_FIELD_NUMBER, NativeBytes.u8(b, o + STATE_OFFSET));
        sink.number(XtcpFlatRecord.TCP_INFO_CA_STATE_FIELD_NUMBER, NativeBytes.u8(b, o + CA_STATE_OFFSET));
        sink.number(XtcpFlatRecord.TCP_INFO_RETRANSMITS_FIELD_NUMBER, NativeBytes.u8(b, o + RETRANSMITS_OFFSET));
        sink.number(XtcpFlatRecord.TCP_INFO_PROBES_FIELD_NUMBER, NativeBytes.u8(b, o + PROBES_OFFSET));
        sink.number(XtcpFlatRecord.TCP_INFO_BACKOFF_FIELD_NUMBER, NativeBytes.u8(b, o + BACKOFF_OFFSET));
        sink.number(XtcpFlatRecord.TCP_INFO_OPTIONS_FIELD_NUMBER, NativeBytes.u8(b, o + OPTIONS_OFFSET));
        decodeBitfields(b, o, len, sink);
        int f = XtcpFlatRecord.TCP_INFO_RTO_FIELD_NUMBER;
        f = u32s(b, o, len, RTO_OFFSET, TOTAL_RETRANS_OFFSET, f, sink);
        f = u64s(b, o, len, PACING_RATE_OFFSET, BYTES_RECEIVED_OFFSET, f, sink);
        f = u32s(b, o, len, SEGS_OUT_OFFSET, DATA_SEGS_OUT_OFFSET, f, sink);
        f = u64s(b, o, len, DELIVERY_RATE_OFFSET, SNDBUF_LIMITED_OFFSET, f, sink);
        f = u32s(b, o, len, DELIVERED_OFFSET, DELIVERED_CE_OFFSET, f, sink);
        f = u64s(b, o, len, BYTES_SENT_OFFSET, BYTES_RETRANS_OFFSET, f, sink);
        f = u32s(b, o, len, DSACK_DUPS_OFFSET, REHASH_OFFSET, f, sink);
        f = u16s(b, o, len, TOTAL_RTO_OFFSET, TOTAL_RTO_RECOVERIES_OFFSET, f, sink);
        f = u32s(b, o, len, TOTAL_RTO_TIME_OFFSET, RECEIVED_CE_BYTES_OFFSET, f, sink);
        u16s(b, o, len, ACCECN_FAIL_MODE_OFFSET, ACCECN_OPT_SEEN_OFFSET, f, sink);
    }

    /** A tcp_info shorter than 8 bytes (never sent by a real kernel): the bytes it has. */
    private static void decodeShort(byte[] b, int o, int len, FieldSink sink) {
        for (int i = 0; i < len && i <= OPTIONS_OFFSET; i++) {
            sink.number(XtcpFlatRecord.TCP_INFO_STATE_FIELD_NUMBER + i, NativeBytes.u8(b, o + i));
        }
        decodeBitfields(b, o, len, sink);
    }

    /**
     * The u32 fields at offsets {@code first..last} (inclusive), numbered from {@code field};
     * returns the number of the field after the run, whether or not the attribute held it all.
     */
    private static int u32s(byte[] b, int o, int len, int first, int last, int field, FieldSink sink) {
        int count = (Math.min(last + 4, len) - first) / 4;
        if (count > 0) {
            sink.u32s(field, b, o + first, count);
        }
        return field + (last - first) / 4 + 1;
    }

    private static int u64s(byte[] b, int o, int len, int first, int last, int field, FieldSink sink) {
        int count = (Math.min(last + 8, len) - first) / 8;
        if (count > 0) {
            sink.u64s(field, b, o + first, count);
        }
        return field + (last - first) / 8 + 1;
    }

    private static int u16s(byte[] b, int o, int len, int first, int last, int field, FieldSink sink) {
        int end = Math.min(last + 2, len);
        int f = field;
        for (int off = first; off + 2 <= end; off += 2, f++) {
            sink.number(f, NativeBytes.u16(b, o + off));
        }
        return field + (last - first) / 2 + 1;
    }

    /** Bytes 6 and 7: snd_wscale:4 | rcv_wscale:4, then app_limited:1 | fastopen_client_fail:2. */
    private static void decodeBitfields(byte[] b, int o, int len, FieldSink sink) {
        if (len > WSCALE_OFFSET) {
            int w = NativeBytes.u8(b, o + WSCALE_OFFSET);
            sink.number(XtcpFlatRecord.TCP_INFO_SEND_SCALE_FIELD_NUMBER, w & 0x0F);
            sink.number(XtcpFlatRecord.TCP_INFO_RCV_SCALE_FIELD_NUMBER, w >>> 4);
        }
        if (len > APP_LIMITED_OFFSET) {
            int f = NativeBytes.u8(b, o + APP_LIMITED_OFFSET);
            sink.number(XtcpFlatRecord.TCP_INFO_DELIVERY_RATE_APP_LIMITED_FIELD_NUMBER, f & 1);
            sink.number(XtcpFlatRecord.TCP_INFO_FAST_OPEN_CLIENT_FAILED_FIELD_NUMBER, (f >>> 1) & 3);
        }
    }
}
