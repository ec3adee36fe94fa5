package io.xtcp.core.record;

import static io.xtcp.core.netlink.TcpInfo.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xtcp.schema.v1.XtcpFlatRecord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The run-based tcp_info decoder against an explicit table of every field's offset, size and
 * schema field number (from linux/tcp.h and the .proto), on a struct whose every field holds a
 * distinct value, cut at each length a kernel sends and at odd lengths.
 */
class TcpInfoDecoderTest {
    /** offset, size in bytes, field number. */
    private static final int[][] FIELDS = {
        {STATE_OFFSET, 1, XtcpFlatRecord.TCP_INFO_STATE_FIELD_NUMBER},
        {CA_STATE_OFFSET, 1, XtcpFlatRecord.TCP_INFO_CA_STATE_FIELD_NUMBER},
        {RETRANSMITS_OFFSET, 1, XtcpFlatRecord.TCP_INFO_RETRANSMITS_FIELD_NUMBER},
        {PROBES_OFFSET, 1, XtcpFlatRecord.TCP_INFO_PROBES_FIELD_NUMBER},
        {BACKOFF_OFFSET, 1, XtcpFlatRecord.TCP_INFO_BACKOFF_FIELD_NUMBER},
        {OPTIONS_OFFSET, 1, XtcpFlatRecord.TCP_INFO_OPTIONS_FIELD_NUMBER},
        {RTO_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RTO_FIELD_NUMBER},
        {ATO_OFFSET, 4, XtcpFlatRecord.TCP_INFO_ATO_FIELD_NUMBER},
        {SND_MSS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SND_MSS_FIELD_NUMBER},
        {RCV_MSS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_MSS_FIELD_NUMBER},
        {UNACKED_OFFSET, 4, XtcpFlatRecord.TCP_INFO_UNACKED_FIELD_NUMBER},
        {SACKED_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SACKED_FIELD_NUMBER},
        {LOST_OFFSET, 4, XtcpFlatRecord.TCP_INFO_LOST_FIELD_NUMBER},
        {RETRANS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RETRANS_FIELD_NUMBER},
        {FACKETS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_FACKETS_FIELD_NUMBER},
        {LAST_DATA_SENT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_LAST_DATA_SENT_FIELD_NUMBER},
        {LAST_ACK_SENT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_LAST_ACK_SENT_FIELD_NUMBER},
        {LAST_DATA_RECV_OFFSET, 4, XtcpFlatRecord.TCP_INFO_LAST_DATA_RECV_FIELD_NUMBER},
        {LAST_ACK_RECV_OFFSET, 4, XtcpFlatRecord.TCP_INFO_LAST_ACK_RECV_FIELD_NUMBER},
        {PMTU_OFFSET, 4, XtcpFlatRecord.TCP_INFO_PMTU_FIELD_NUMBER},
        {RCV_SSTHRESH_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_SSTHRESH_FIELD_NUMBER},
        {RTT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RTT_FIELD_NUMBER},
        {RTTVAR_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RTT_VAR_FIELD_NUMBER},
        {SND_SSTHRESH_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SND_SSTHRESH_FIELD_NUMBER},
        {SND_CWND_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SND_CWND_FIELD_NUMBER},
        {ADVMSS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_ADV_MSS_FIELD_NUMBER},
        {REORDERING_OFFSET, 4, XtcpFlatRecord.TCP_INFO_REORDERING_FIELD_NUMBER},
        {RCV_RTT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_RTT_FIELD_NUMBER},
        {RCV_SPACE_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_SPACE_FIELD_NUMBER},
        {TOTAL_RETRANS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_TOTAL_RETRANS_FIELD_NUMBER},
        {PACING_RATE_OFFSET, 8, XtcpFlatRecord.TCP_INFO_PACING_RATE_FIELD_NUMBER},
        {MAX_PACING_RATE_OFFSET, 8, XtcpFlatRecord.TCP_INFO_MAX_PACING_RATE_FIELD_NUMBER},
        {BYTES_ACKED_OFFSET, 8, XtcpFlatRecord.TCP_INFO_BYTES_ACKED_FIELD_NUMBER},
        {BYTES_RECEIVED_OFFSET, 8, XtcpFlatRecord.TCP_INFO_BYTES_RECEIVED_FIELD_NUMBER},
        {SEGS_OUT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SEGS_OUT_FIELD_NUMBER},
        {SEGS_IN_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SEGS_IN_FIELD_NUMBER},
        {NOTSENT_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_NOT_SENT_BYTES_FIELD_NUMBER},
        {MIN_RTT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_MIN_RTT_FIELD_NUMBER},
        {DATA_SEGS_IN_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DATA_SEGS_IN_FIELD_NUMBER},
        {DATA_SEGS_OUT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DATA_SEGS_OUT_FIELD_NUMBER},
        {DELIVERY_RATE_OFFSET, 8, XtcpFlatRecord.TCP_INFO_DELIVERY_RATE_FIELD_NUMBER},
        {BUSY_TIME_OFFSET, 8, XtcpFlatRecord.TCP_INFO_BUSY_TIME_FIELD_NUMBER},
        {RWND_LIMITED_OFFSET, 8, XtcpFlatRecord.TCP_INFO_RWND_LIMITED_FIELD_NUMBER},
        {SNDBUF_LIMITED_OFFSET, 8, XtcpFlatRecord.TCP_INFO_SNDBUF_LIMITED_FIELD_NUMBER},
        {DELIVERED_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DELIVERED_FIELD_NUMBER},
        {DELIVERED_CE_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DELIVERED_CE_FIELD_NUMBER},
        {BYTES_SENT_OFFSET, 8, XtcpFlatRecord.TCP_INFO_BYTES_SENT_FIELD_NUMBER},
        {BYTES_RETRANS_OFFSET, 8, XtcpFlatRecord.TCP_INFO_BYTES_RETRANS_FIELD_NUMBER},
        {DSACK_DUPS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DSACK_DUPS_FIELD_NUMBER},
        {REORD_SEEN_OFFSET, 4, XtcpFlatRecord.TCP_INFO_REORD_SEEN_FIELD_NUMBER},
        {RCV_OOOPACK_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_OOOPACK_FIELD_NUMBER},
        {SND_WND_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SND_WND_FIELD_NUMBER},
        {RCV_WND_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_WND_FIELD_NUMBER},
        {REHASH_OFFSET, 4, XtcpFlatRecord.TCP_INFO_REHASH_FIELD_NUMBER},
        {TOTAL_RTO_OFFSET, 2, XtcpFlatRecord.TCP_INFO_TOTAL_RTO_FIELD_NUMBER},
        {TOTAL_RTO_RECOVERIES_OFFSET, 2, XtcpFlatRecord.TCP_INFO_TOTAL_RTO_RECOVERIES_FIELD_NUMBER},
        {TOTAL_RTO_TIME_OFFSET, 4, XtcpFlatRecord.TCP_INFO_TOTAL_RTO_TIME_FIELD_NUMBER},
        {RECEIVED_CE_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RECEIVED_CE_FIELD_NUMBER},
        {DELIVERED_E1_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DELIVERED_E1_BYTES_FIELD_NUMBER},
        {DELIVERED_E0_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DELIVERED_E0_BYTES_FIELD_NUMBER},
        {DELIVERED_CE_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DELIVERED_CE_BYTES_FIELD_NUMBER},
        {RECEIVED_E1_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RECEIVED_E1_BYTES_FIELD_NUMBER},
        {RECEIVED_E0_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RECEIVED_E0_BYTES_FIELD_NUMBER},
        {RECEIVED_CE_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RECEIVED_CE_BYTES_FIELD_NUMBER},
        {ACCECN_FAIL_MODE_OFFSET, 2, XtcpFlatRecord.TCP_INFO_ACCECN_FAIL_MODE_FIELD_NUMBER},
        {ACCECN_OPT_SEEN_OFFSET, 2, XtcpFlatRecord.TCP_INFO_ACCECN_OPT_SEEN_FIELD_NUMBER},
    };

    @ParameterizedTest
    @ValueSource(ints = {280, 278, 276, 272, 248, 244, 240, 232, 230, 224, 192, 160, 104, 100, 9, 8, 7, 6, 3, 0})
    void everyFieldThatFitsIsDeliveredWithItsOwnValueAndNoOther(int len) {
        byte[] b = new byte[16 + MAX_SIZE + 16];
        ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
        int o = 16;
        for (int[] f : FIELDS) {
            long v = expected(f);
            switch (f[1]) {
                case 1 -> w.put(o + f[0], (byte) v);
                case 2 -> w.putShort(o + f[0], (short) v);
                case 4 -> w.putInt(o + f[0], (int) v);
                default -> w.putLong(o + f[0], v);
            }
        }
        w.put(o + WSCALE_OFFSET, (byte) 0x7A); // snd 10, rcv 7
        w.put(o + APP_LIMITED_OFFSET, (byte) 0b101); // app_limited 1, fastopen_client_fail 2

        DecodedRecord r = new DecodedRecord();
        TcpInfoDecoder.decode(b, o, len, r);

        for (int[] f : FIELDS) {
            if (f[0] + f[1] <= len) {
                assertTrue(r.has(f[2]), "field " + f[2] + " at " + f[0] + " fits in " + len);
                assertEquals(expected(f), r.number(f[2]), "field " + f[2] + " at offset " + f[0]);
            } else {
                assertFalse(r.has(f[2]), "field " + f[2] + " at " + f[0] + " is past " + len);
            }
        }
        assertEquals(len > WSCALE_OFFSET, r.has(XtcpFlatRecord.TCP_INFO_SEND_SCALE_FIELD_NUMBER));
        assertEquals(len > APP_LIMITED_OFFSET, r.has(XtcpFlatRecord.TCP_INFO_FAST_OPEN_CLIENT_FAILED_FIELD_NUMBER));
        if (len > APP_LIMITED_OFFSET) {
            assertEquals(10, r.number(XtcpFlatRecord.TCP_INFO_SEND_SCALE_FIELD_NUMBER));
            assertEquals(7, r.number(XtcpFlatRecord.TCP_INFO_RCV_SCALE_FIELD_NUMBER));
            assertEquals(1, r.number(XtcpFlatRecord.TCP_INFO_DELIVERY_RATE_APP_LIMITED_FIELD_NUMBER));
            assertEquals(2, r.number(XtcpFlatRecord.TCP_INFO_FAST_OPEN_CLIENT_FAILED_FIELD_NUMBER));
        }
    }

    /** A value unique to the field that uses its whole width (the top bit of u64s included). */
    private static long expected(int[] f) {
        long v = 0x0102030405060708L * (f[0] + 1) ^ (long) f[2] << 20;
        return switch (f[1]) {
            case 1 -> (f[0] + 1) & 0xFF;
            case 2 -> (v | 0x8000) & 0xFFFF;
            case 4 -> (v | 0x8000_0000L) & 0xFFFF_FFFFL;
            default -> v | Long.MIN_VALUE;
        };
    }
}
