package io.xtcp.core.record;

import static io.xtcp.core.netlink.TcpInfo.*;

import io.xtcp.core.netlink.CcInfo;
import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.InetDiagAttr;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Turns one inet_diag reply (message + attributes) into record fields. Table-driven: each struct
 * field is an (offset, size, protobuf field number) triple, delivered only when the attribute is
 * long enough to hold it. No allocation.
 */
public final class SocketDecoder {

    /** tcp_info: offset, size in bytes, field number. */
    private static final int[] TCP_INFO = {
        STATE_OFFSET, 1, XtcpFlatRecord.TCP_INFO_STATE_FIELD_NUMBER,
        CA_STATE_OFFSET, 1, XtcpFlatRecord.TCP_INFO_CA_STATE_FIELD_NUMBER,
        RETRANSMITS_OFFSET, 1, XtcpFlatRecord.TCP_INFO_RETRANSMITS_FIELD_NUMBER,
        PROBES_OFFSET, 1, XtcpFlatRecord.TCP_INFO_PROBES_FIELD_NUMBER,
        BACKOFF_OFFSET, 1, XtcpFlatRecord.TCP_INFO_BACKOFF_FIELD_NUMBER,
        OPTIONS_OFFSET, 1, XtcpFlatRecord.TCP_INFO_OPTIONS_FIELD_NUMBER,
        RTO_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RTO_FIELD_NUMBER,
        ATO_OFFSET, 4, XtcpFlatRecord.TCP_INFO_ATO_FIELD_NUMBER,
        SND_MSS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SND_MSS_FIELD_NUMBER,
        RCV_MSS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_MSS_FIELD_NUMBER,
        UNACKED_OFFSET, 4, XtcpFlatRecord.TCP_INFO_UNACKED_FIELD_NUMBER,
        SACKED_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SACKED_FIELD_NUMBER,
        LOST_OFFSET, 4, XtcpFlatRecord.TCP_INFO_LOST_FIELD_NUMBER,
        RETRANS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RETRANS_FIELD_NUMBER,
        FACKETS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_FACKETS_FIELD_NUMBER,
        LAST_DATA_SENT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_LAST_DATA_SENT_FIELD_NUMBER,
        LAST_ACK_SENT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_LAST_ACK_SENT_FIELD_NUMBER,
        LAST_DATA_RECV_OFFSET, 4, XtcpFlatRecord.TCP_INFO_LAST_DATA_RECV_FIELD_NUMBER,
        LAST_ACK_RECV_OFFSET, 4, XtcpFlatRecord.TCP_INFO_LAST_ACK_RECV_FIELD_NUMBER,
        PMTU_OFFSET, 4, XtcpFlatRecord.TCP_INFO_PMTU_FIELD_NUMBER,
        RCV_SSTHRESH_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_SSTHRESH_FIELD_NUMBER,
        RTT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RTT_FIELD_NUMBER,
        RTTVAR_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RTT_VAR_FIELD_NUMBER,
        SND_SSTHRESH_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SND_SSTHRESH_FIELD_NUMBER,
        SND_CWND_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SND_CWND_FIELD_NUMBER,
        ADVMSS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_ADV_MSS_FIELD_NUMBER,
        REORDERING_OFFSET, 4, XtcpFlatRecord.TCP_INFO_REORDERING_FIELD_NUMBER,
        RCV_RTT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_RTT_FIELD_NUMBER,
        RCV_SPACE_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_SPACE_FIELD_NUMBER,
        TOTAL_RETRANS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_TOTAL_RETRANS_FIELD_NUMBER,
        PACING_RATE_OFFSET, 8, XtcpFlatRecord.TCP_INFO_PACING_RATE_FIELD_NUMBER,
        MAX_PACING_RATE_OFFSET, 8, XtcpFlatRecord.TCP_INFO_MAX_PACING_RATE_FIELD_NUMBER,
        BYTES_ACKED_OFFSET, 8, XtcpFlatRecord.TCP_INFO_BYTES_ACKED_FIELD_NUMBER,
        BYTES_RECEIVED_OFFSET, 8, XtcpFlatRecord.TCP_INFO_BYTES_RECEIVED_FIELD_NUMBER,
        SEGS_OUT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SEGS_OUT_FIELD_NUMBER,
        SEGS_IN_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SEGS_IN_FIELD_NUMBER,
        NOTSENT_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_NOT_SENT_BYTES_FIELD_NUMBER,
        MIN_RTT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_MIN_RTT_FIELD_NUMBER,
        DATA_SEGS_IN_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DATA_SEGS_IN_FIELD_NUMBER,
        DATA_SEGS_OUT_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DATA_SEGS_OUT_FIELD_NUMBER,
        DELIVERY_RATE_OFFSET, 8, XtcpFlatRecord.TCP_INFO_DELIVERY_RATE_FIELD_NUMBER,
        BUSY_TIME_OFFSET, 8, XtcpFlatRecord.TCP_INFO_BUSY_TIME_FIELD_NUMBER,
        RWND_LIMITED_OFFSET, 8, XtcpFlatRecord.TCP_INFO_RWND_LIMITED_FIELD_NUMBER,
        SNDBUF_LIMITED_OFFSET, 8, XtcpFlatRecord.TCP_INFO_SNDBUF_LIMITED_FIELD_NUMBER,
        DELIVERED_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DELIVERED_FIELD_NUMBER,
        DELIVERED_CE_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DELIVERED_CE_FIELD_NUMBER,
        BYTES_SENT_OFFSET, 8, XtcpFlatRecord.TCP_INFO_BYTES_SENT_FIELD_NUMBER,
        BYTES_RETRANS_OFFSET, 8, XtcpFlatRecord.TCP_INFO_BYTES_RETRANS_FIELD_NUMBER,
        DSACK_DUPS_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DSACK_DUPS_FIELD_NUMBER,
        REORD_SEEN_OFFSET, 4, XtcpFlatRecord.TCP_INFO_REORD_SEEN_FIELD_NUMBER,
        RCV_OOOPACK_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_OOOPACK_FIELD_NUMBER,
        SND_WND_OFFSET, 4, XtcpFlatRecord.TCP_INFO_SND_WND_FIELD_NUMBER,
        RCV_WND_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RCV_WND_FIELD_NUMBER,
        REHASH_OFFSET, 4, XtcpFlatRecord.TCP_INFO_REHASH_FIELD_NUMBER,
        TOTAL_RTO_OFFSET, 2, XtcpFlatRecord.TCP_INFO_TOTAL_RTO_FIELD_NUMBER,
        TOTAL_RTO_RECOVERIES_OFFSET, 2, XtcpFlatRecord.TCP_INFO_TOTAL_RTO_RECOVERIES_FIELD_NUMBER,
        TOTAL_RTO_TIME_OFFSET, 4, XtcpFlatRecord.TCP_INFO_TOTAL_RTO_TIME_FIELD_NUMBER,
        RECEIVED_CE_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RECEIVED_CE_FIELD_NUMBER,
        DELIVERED_E1_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DELIVERED_E1_BYTES_FIELD_NUMBER,
        DELIVERED_E0_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DELIVERED_E0_BYTES_FIELD_NUMBER,
        DELIVERED_CE_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_DELIVERED_CE_BYTES_FIELD_NUMBER,
        RECEIVED_E1_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RECEIVED_E1_BYTES_FIELD_NUMBER,
        RECEIVED_E0_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RECEIVED_E0_BYTES_FIELD_NUMBER,
        RECEIVED_CE_BYTES_OFFSET, 4, XtcpFlatRecord.TCP_INFO_RECEIVED_CE_BYTES_FIELD_NUMBER,
        ACCECN_FAIL_MODE_OFFSET, 2, XtcpFlatRecord.TCP_INFO_ACCECN_FAIL_MODE_FIELD_NUMBER,
        ACCECN_OPT_SEEN_OFFSET, 2, XtcpFlatRecord.TCP_INFO_ACCECN_OPT_SEEN_FIELD_NUMBER,
    };

    private static final int[] MEMINFO = {
        XtcpFlatRecord.MEM_INFO_RMEM_FIELD_NUMBER, XtcpFlatRecord.MEM_INFO_WMEM_FIELD_NUMBER,
        XtcpFlatRecord.MEM_INFO_FMEM_FIELD_NUMBER, XtcpFlatRecord.MEM_INFO_TMEM_FIELD_NUMBER,
    };

    private static final int[] SKMEMINFO = {
        XtcpFlatRecord.SK_MEM_INFO_RMEM_ALLOC_FIELD_NUMBER, XtcpFlatRecord.SK_MEM_INFO_RCV_BUF_FIELD_NUMBER,
        XtcpFlatRecord.SK_MEM_INFO_WMEM_ALLOC_FIELD_NUMBER, XtcpFlatRecord.SK_MEM_INFO_SND_BUF_FIELD_NUMBER,
        XtcpFlatRecord.SK_MEM_INFO_FWD_ALLOC_FIELD_NUMBER, XtcpFlatRecord.SK_MEM_INFO_WMEM_QUEUED_FIELD_NUMBER,
        XtcpFlatRecord.SK_MEM_INFO_OPTMEM_FIELD_NUMBER, XtcpFlatRecord.SK_MEM_INFO_BACKLOG_FIELD_NUMBER,
        XtcpFlatRecord.SK_MEM_INFO_DROPS_FIELD_NUMBER,
    };

    private static final int[] VEGAS = {
        XtcpFlatRecord.VEGAS_INFO_ENABLED_FIELD_NUMBER, XtcpFlatRecord.VEGAS_INFO_RTT_CNT_FIELD_NUMBER,
        XtcpFlatRecord.VEGAS_INFO_RTT_FIELD_NUMBER, XtcpFlatRecord.VEGAS_INFO_MIN_RTT_FIELD_NUMBER,
    };

    private static final int[] BBR = {
        XtcpFlatRecord.BBR_INFO_BW_LO_FIELD_NUMBER, XtcpFlatRecord.BBR_INFO_BW_HI_FIELD_NUMBER,
        XtcpFlatRecord.BBR_INFO_MIN_RTT_FIELD_NUMBER, XtcpFlatRecord.BBR_INFO_PACING_GAIN_FIELD_NUMBER,
        XtcpFlatRecord.BBR_INFO_CWND_GAIN_FIELD_NUMBER,
    };

    private final boolean info;
    private final boolean cong;
    private final boolean meminfo;
    private final boolean skmem;
    private final boolean ccinfo;
    private final boolean tos;
    private final boolean tclass;
    private final boolean shutdown;
    private final boolean cgroup;
    private final boolean sockopt;
    private final boolean mark;

    public SocketDecoder(Set<Decoder> decoders) {
        info = decoders.contains(Decoder.INFO);
        cong = decoders.contains(Decoder.CONG);
        meminfo = decoders.contains(Decoder.MEMINFO);
        skmem = decoders.contains(Decoder.SKMEM);
        ccinfo = decoders.contains(Decoder.CCINFO);
        tos = decoders.contains(Decoder.TOS);
        tclass = decoders.contains(Decoder.TCLASS);
        shutdown = decoders.contains(Decoder.SHUTDOWN);
        cgroup = decoders.contains(Decoder.CGROUP);
        sockopt = decoders.contains(Decoder.SOCKOPT);
        mark = decoders.contains(Decoder.MARK);
    }

    /** Delivers every field of {@code msg} and the selected attributes to {@code sink}. */
    public void decode(InetDiagMsg msg, DiagAttributes attrs, FieldSink sink) {
        decodeMessage(msg, sink);
        ByteBuffer b = attrs.buffer();
        if (info && attrs.has(InetDiagAttr.INFO)) {
            decodeTcpInfo(b, attrs.offset(InetDiagAttr.INFO), attrs.length(InetDiagAttr.INFO), sink);
        }
        if (cong && attrs.has(InetDiagAttr.CONG)) {
            decodeCong(b, attrs.offset(InetDiagAttr.CONG), attrs.length(InetDiagAttr.CONG), sink);
        }
        if (meminfo) {
            u32Array(b, attrs, InetDiagAttr.MEMINFO, MEMINFO, sink);
        }
        if (skmem) {
            u32Array(b, attrs, InetDiagAttr.SKMEMINFO, SKMEMINFO, sink);
        }
        if (ccinfo) {
            u32Array(b, attrs, InetDiagAttr.VEGASINFO, VEGAS, sink);
            u32Array(b, attrs, InetDiagAttr.BBRINFO, BBR, sink);
            decodeDctcp(b, attrs, sink);
        }
        if (tos) {
            u8(b, attrs, InetDiagAttr.TOS, XtcpFlatRecord.TYPE_OF_SERVICE_FIELD_NUMBER, sink);
        }
        if (tclass) {
            u8(b, attrs, InetDiagAttr.TCLASS, XtcpFlatRecord.TRAFFIC_CLASS_FIELD_NUMBER, sink);
            u32(b, attrs, InetDiagAttr.CLASS_ID, XtcpFlatRecord.CLASS_ID_FIELD_NUMBER, sink);
        }
        if (shutdown) {
            u8(b, attrs, InetDiagAttr.SHUTDOWN, XtcpFlatRecord.SHUTDOWN_STATE_FIELD_NUMBER, sink);
        }
        if (cgroup && attrs.length(InetDiagAttr.CGROUP_ID) >= 8) {
            sink.number(XtcpFlatRecord.C_GROUP_FIELD_NUMBER, b.getLong(attrs.offset(InetDiagAttr.CGROUP_ID)));
        }
        if (sockopt && attrs.length(InetDiagAttr.SOCKOPT) >= 2) {
            sink.number(XtcpFlatRecord.SOCK_OPT_FIELD_NUMBER,
                    Short.toUnsignedInt(b.getShort(attrs.offset(InetDiagAttr.SOCKOPT))));
        }
        if (mark) {
            u32(b, attrs, InetDiagAttr.MARK, XtcpFlatRecord.MARK_FIELD_NUMBER, sink);
        }
    }

    private static void decodeMessage(InetDiagMsg m, FieldSink sink) {
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_FAMILY_FIELD_NUMBER, m.family());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_STATE_FIELD_NUMBER, m.state());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_TIMER_FIELD_NUMBER, m.timer());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_RETRANS_FIELD_NUMBER, m.retrans());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_PORT_FIELD_NUMBER, m.sourcePort());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_DESTINATION_PORT_FIELD_NUMBER, m.destinationPort());
        int alen = m.addressLength();
        sink.bytes(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_FIELD_NUMBER, m.buffer(), m.sourceAddressOffset(), alen);
        sink.bytes(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_DESTINATION_FIELD_NUMBER, m.buffer(), m.destinationAddressOffset(), alen);
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_INTERFACE_FIELD_NUMBER, m.interfaceIndex());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_COOKIE_FIELD_NUMBER, m.cookie());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_EXPIRES_FIELD_NUMBER, m.expires());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_RQUEUE_FIELD_NUMBER, m.rqueue());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_WQUEUE_FIELD_NUMBER, m.wqueue());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_UID_FIELD_NUMBER, m.uid());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_INODE_FIELD_NUMBER, m.inode());
    }

    private static void decodeTcpInfo(ByteBuffer b, int off, int len, FieldSink sink) {
        int[] t = TCP_INFO;
        for (int i = 0; i < t.length; i += 3) {
            int fo = t[i];
            int size = t[i + 1];
            if (fo + size > len) {
                continue;
            }
            long v;
            switch (size) {
                case 1:
                    v = Byte.toUnsignedInt(b.get(off + fo));
                    break;
                case 2:
                    v = Short.toUnsignedInt(b.getShort(off + fo));
                    break;
                case 4:
                    v = Integer.toUnsignedLong(b.getInt(off + fo));
                    break;
                default:
                    v = b.getLong(off + fo);
                    break;
            }
            sink.number(t[i + 2], v);
            if (fo == OPTIONS_OFFSET) {
                decodeBitfields(b, off, len, sink);
            }
        }
    }

    /** Bytes 6 and 7: snd_wscale:4 | rcv_wscale:4, then app_limited:1 | fastopen_client_fail:2. */
    private static void decodeBitfields(ByteBuffer b, int off, int len, FieldSink sink) {
        if (len > WSCALE_OFFSET) {
            int w = Byte.toUnsignedInt(b.get(off + WSCALE_OFFSET));
            sink.number(XtcpFlatRecord.TCP_INFO_SEND_SCALE_FIELD_NUMBER, w & 0x0F);
            sink.number(XtcpFlatRecord.TCP_INFO_RCV_SCALE_FIELD_NUMBER, w >>> 4);
        }
        if (len > APP_LIMITED_OFFSET) {
            int f = Byte.toUnsignedInt(b.get(off + APP_LIMITED_OFFSET));
            sink.number(XtcpFlatRecord.TCP_INFO_DELIVERY_RATE_APP_LIMITED_FIELD_NUMBER, f & 1);
            sink.number(XtcpFlatRecord.TCP_INFO_FAST_OPEN_CLIENT_FAILED_FIELD_NUMBER, (f >>> 1) & 3);
        }
    }

    private static void decodeCong(ByteBuffer b, int off, int len, FieldSink sink) {
        int n = 0;
        while (n < len && b.get(off + n) != 0) {
            n++;
        }
        sink.bytes(XtcpFlatRecord.CONGESTION_ALGORITHM_STRING_FIELD_NUMBER, b, off, n);
        sink.number(XtcpFlatRecord.CONGESTION_ALGORITHM_ENUM_FIELD_NUMBER, CongestionNames.enumValue(b, off, n));
    }

    private static void decodeDctcp(ByteBuffer b, DiagAttributes attrs, FieldSink sink) {
        int off = attrs.offset(InetDiagAttr.DCTCPINFO);
        int len = attrs.length(InetDiagAttr.DCTCPINFO);
        if (off < 0 || len < 16) {
            return;
        }
        sink.number(XtcpFlatRecord.DCTCP_INFO_ENABLED_FIELD_NUMBER, Short.toUnsignedInt(b.getShort(off + CcInfo.DCTCP_ENABLED_OFFSET)));
        sink.number(XtcpFlatRecord.DCTCP_INFO_CE_STATE_FIELD_NUMBER, Short.toUnsignedInt(b.getShort(off + CcInfo.DCTCP_CE_STATE_OFFSET)));
        sink.number(XtcpFlatRecord.DCTCP_INFO_ALPHA_FIELD_NUMBER, Integer.toUnsignedLong(b.getInt(off + CcInfo.DCTCP_ALPHA_OFFSET)));
        sink.number(XtcpFlatRecord.DCTCP_INFO_AB_ECN_FIELD_NUMBER, Integer.toUnsignedLong(b.getInt(off + CcInfo.DCTCP_AB_ECN_OFFSET)));
        sink.number(XtcpFlatRecord.DCTCP_INFO_AB_TOT_FIELD_NUMBER, Integer.toUnsignedLong(b.getInt(off + CcInfo.DCTCP_AB_TOT_OFFSET)));
    }

    /** Consecutive u32s of one attribute, as many as its length holds. */
    private static void u32Array(ByteBuffer b, DiagAttributes attrs, int type, int[] fields, FieldSink sink) {
        int off = attrs.offset(type);
        if (off < 0) {
            return;
        }
        int n = Math.min(fields.length, attrs.length(type) / 4);
        for (int i = 0; i < n; i++) {
            sink.number(fields[i], Integer.toUnsignedLong(b.getInt(off + 4 * i)));
        }
    }

    private static void u8(ByteBuffer b, DiagAttributes attrs, int type, int field, FieldSink sink) {
        if (attrs.length(type) >= 1) {
            sink.number(field, Byte.toUnsignedInt(b.get(attrs.offset(type))));
        }
    }

    private static void u32(ByteBuffer b, DiagAttributes attrs, int type, int field, FieldSink sink) {
        if (attrs.length(type) >= 4) {
            sink.number(field, Integer.toUnsignedLong(b.getInt(attrs.offset(type))));
        }
    }
}
