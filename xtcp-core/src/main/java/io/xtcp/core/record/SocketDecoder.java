package io.xtcp.core.record;

import io.xtcp.core.netlink.CcInfo;
import io.xtcp.core.netlink.DiagAttributes;
import io.xtcp.core.netlink.InetDiagAttr;
import io.xtcp.core.netlink.InetDiagMsg;
import io.xtcp.core.netlink.NativeBytes;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.util.Set;

/**
 * Turns one inet_diag reply (message + attributes) into record fields, each delivered only when
 * its attribute is long enough to hold it; tcp_info is {@link TcpInfoDecoder}'s. No allocation.
 */
public final class SocketDecoder {
    /** u32s in struct inet_diag_meminfo, sk_meminfo (SK_MEMINFO_VARS), tcpvegas_info, tcp_bbr_info. */
    static final int MEMINFO_U32S = 4;
    static final int SKMEMINFO_U32S = 9;
    static final int VEGAS_U32S = 4;
    static final int BBR_U32S = 5;
    /**
     * TCP_CA_NAME_MAX ({@code include/net/tcp.h}): a congestion control name is at most 15
     * characters and its NUL.
     */
    static final int CONG_NAME_MAX = 16;

    /** The congestion name as written: printable ASCII only (see {@link #decodeCong}). */
    private final byte[] congName = new byte[CONG_NAME_MAX];

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

    /**
     * Delivers every field of {@code msg} and the selected attributes to {@code sink}.
     *
     * <p>With every writer call inlined this is more code than C2 inlines into one compilation
     * (DesiredMethodLimit): it stops part way, at a different place from one JVM to the next. The
     * launcher therefore keeps {@link #decodeMessage} and {@link TcpInfoDecoder#decode} out
     * ({@code -XX:CompileCommand=dontinline}), so each compiles whole on its own.
     */
    public void decode(InetDiagMsg msg, DiagAttributes attrs, FieldSink sink) {
        decodeMessage(msg, sink);
        byte[] b = attrs.array();
        if (info && attrs.has(InetDiagAttr.INFO)) {
            TcpInfoDecoder.decode(b, attrs.offset(InetDiagAttr.INFO), attrs.length(InetDiagAttr.INFO), sink);
        }
        if (cong && attrs.has(InetDiagAttr.CONG)) {
            decodeCong(b, attrs.offset(InetDiagAttr.CONG), attrs.length(InetDiagAttr.CONG), sink);
        }
        if (meminfo) {
            u32s(b, attrs, InetDiagAttr.MEMINFO, XtcpFlatRecord.MEM_INFO_RMEM_FIELD_NUMBER, MEMINFO_U32S, sink);
        }
        if (skmem) {
            u32s(b, attrs, InetDiagAttr.SKMEMINFO, XtcpFlatRecord.SK_MEM_INFO_RMEM_ALLOC_FIELD_NUMBER, SKMEMINFO_U32S, sink);
        }
        if (ccinfo) {
            u32s(b, attrs, InetDiagAttr.VEGASINFO, XtcpFlatRecord.VEGAS_INFO_ENABLED_FIELD_NUMBER, VEGAS_U32S, sink);
            u32s(b, attrs, InetDiagAttr.BBRINFO, XtcpFlatRecord.BBR_INFO_BW_LO_FIELD_NUMBER, BBR_U32S, sink);
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
            sink.number(XtcpFlatRecord.C_GROUP_FIELD_NUMBER, NativeBytes.i64(b, attrs.offset(InetDiagAttr.CGROUP_ID)));
        }
        if (sockopt && attrs.length(InetDiagAttr.SOCKOPT) >= 2) {
            sink.number(XtcpFlatRecord.SOCK_OPT_FIELD_NUMBER,
                    NativeBytes.u16(b, attrs.offset(InetDiagAttr.SOCKOPT)));
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
        sink.bytes(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_FIELD_NUMBER, m.array(), m.sourceAddressOffset(), alen);
        sink.bytes(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_DESTINATION_FIELD_NUMBER, m.array(), m.destinationAddressOffset(), alen);
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_INTERFACE_FIELD_NUMBER, m.interfaceIndex());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_COOKIE_FIELD_NUMBER, m.cookie());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_EXPIRES_FIELD_NUMBER, m.expires());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_RQUEUE_FIELD_NUMBER, m.rqueue());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_WQUEUE_FIELD_NUMBER, m.wqueue());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_UID_FIELD_NUMBER, m.uid());
        sink.number(XtcpFlatRecord.INET_DIAG_MSG_INODE_FIELD_NUMBER, m.inode());
    }

    /**
     * The name up to its NUL. The schema's field is a protobuf {@code string}, which readers
     * refuse unless it is UTF-8, and terminal formats print it: a kernel name is a module name
     * (ASCII letters, digits, '_') of at most {@link #CONG_NAME_MAX} bytes, so from a corrupt
     * reply the first 16 bytes are kept and any byte outside printable ASCII becomes '?'.
     */
    private void decodeCong(byte[] b, int off, int len, FieldSink sink) {
        int max = Math.min(len, CONG_NAME_MAX);
        int n = 0;
        boolean printable = true;
        while (n < max && b[off + n] != 0) {
            byte c = b[off + n];
            printable &= c >= 0x20 && c < 0x7F;
            n++;
        }
        byte[] name = b;
        int from = off;
        if (!printable) { // only a corrupt reply: copied with '?' for what may not be printed
            for (int i = 0; i < n; i++) {
                byte c = b[off + i];
                congName[i] = c >= 0x20 && c < 0x7F ? c : (byte) '?';
            }
            name = congName;
            from = 0;
        }
        sink.bytes(XtcpFlatRecord.CONGESTION_ALGORITHM_STRING_FIELD_NUMBER, name, from, n);
        sink.number(XtcpFlatRecord.CONGESTION_ALGORITHM_ENUM_FIELD_NUMBER, CongestionNames.enumValue(name, from, n));
    }

    private static void decodeDctcp(byte[] b, DiagAttributes attrs, FieldSink sink) {
        int off = attrs.offset(InetDiagAttr.DCTCPINFO);
        int len = attrs.length(InetDiagAttr.DCTCPINFO);
        if (off < 0 || len < 16) {
            return;
        }
        sink.number(XtcpFlatRecord.DCTCP_INFO_ENABLED_FIELD_NUMBER, NativeBytes.u16(b, off + CcInfo.DCTCP_ENABLED_OFFSET));
        sink.number(XtcpFlatRecord.DCTCP_INFO_CE_STATE_FIELD_NUMBER, NativeBytes.u16(b, off + CcInfo.DCTCP_CE_STATE_OFFSET));
        sink.number(XtcpFlatRecord.DCTCP_INFO_ALPHA_FIELD_NUMBER, NativeBytes.u32(b, off + CcInfo.DCTCP_ALPHA_OFFSET));
        sink.number(XtcpFlatRecord.DCTCP_INFO_AB_ECN_FIELD_NUMBER, NativeBytes.u32(b, off + CcInfo.DCTCP_AB_ECN_OFFSET));
        sink.number(XtcpFlatRecord.DCTCP_INFO_AB_TOT_FIELD_NUMBER, NativeBytes.u32(b, off + CcInfo.DCTCP_AB_TOT_OFFSET));
    }

    /**
     * The u32s of one attribute (a struct of {@code fields} u32s, numbered in order from
     * {@code first} in the schema), as many as its length holds.
     */
    private static void u32s(byte[] b, DiagAttributes attrs, int type, int first, int fields, FieldSink sink) {
        int off = attrs.offset(type);
        if (off < 0) {
            return;
        }
        int n = Math.min(fields, attrs.length(type) / 4);
        if (n > 0) {
            sink.u32s(first, b, off, n);
        }
    }

    private static void u8(byte[] b, DiagAttributes attrs, int type, int field, FieldSink sink) {
        if (attrs.length(type) >= 1) {
            sink.number(field, NativeBytes.u8(b, attrs.offset(type)));
        }
    }

    private static void u32(byte[] b, DiagAttributes attrs, int type, int field, FieldSink sink) {
        if (attrs.length(type) >= 4) {
            sink.number(field, NativeBytes.u32(b, attrs.offset(type)));
        }
    }
}
