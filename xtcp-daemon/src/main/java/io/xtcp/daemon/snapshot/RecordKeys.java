package io.xtcp.daemon.snapshot;

import io.xtcp.core.record.FieldSink;
import io.xtcp.schema.v1.XtcpFlatRecord;

/**
 * Picks the filter and sort keys out of one record's fields, as {@link WireRecords#read} walks its
 * wire bytes: for records that arrive as bytes (an envelope, a decoded record) rather than from the
 * netlink message they were encoded from. Names are kept as offsets into the walked bytes.
 */
final class RecordKeys implements FieldSink {
    int netnsOffset;
    int netnsLength;
    int congestionOffset;
    int congestionLength;
    long congestionEnum;
    long state;
    long srcPort;
    long dstPort;
    long rtt;
    long retrans;
    long totalRetrans;
    long bytesAcked;
    long bytesReceived;
    long cwnd;

    void clear() {
        netnsOffset = netnsLength = congestionOffset = congestionLength = 0;
        congestionEnum = state = srcPort = dstPort = rtt = retrans = totalRetrans = bytesAcked = bytesReceived = cwnd = 0;
    }

    /** Retransmits: tcp_info's total when the kernel sent it, else inet_diag's. */
    long retransmits() {
        return totalRetrans != 0 ? totalRetrans : retrans;
    }

    /** Bytes both ways: bytes_acked + bytes_received. */
    long bytes() {
        return bytesAcked + bytesReceived;
    }

    @Override
    public void number(int field, long value) {
        switch (field) {
            case XtcpFlatRecord.INET_DIAG_MSG_STATE_FIELD_NUMBER:
                state = value;
                break;
            case XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_PORT_FIELD_NUMBER:
                srcPort = value;
                break;
            case XtcpFlatRecord.INET_DIAG_MSG_SOCKET_DESTINATION_PORT_FIELD_NUMBER:
                dstPort = value;
                break;
            case XtcpFlatRecord.INET_DIAG_MSG_RETRANS_FIELD_NUMBER:
                retrans = value;
                break;
            case XtcpFlatRecord.TCP_INFO_TOTAL_RETRANS_FIELD_NUMBER:
                totalRetrans = value;
                break;
            case XtcpFlatRecord.TCP_INFO_RTT_FIELD_NUMBER:
                rtt = value;
                break;
            case XtcpFlatRecord.TCP_INFO_SND_CWND_FIELD_NUMBER:
                cwnd = value;
                break;
            case XtcpFlatRecord.TCP_INFO_BYTES_ACKED_FIELD_NUMBER:
                bytesAcked = value;
                break;
            case XtcpFlatRecord.TCP_INFO_BYTES_RECEIVED_FIELD_NUMBER:
                bytesReceived = value;
                break;
            case XtcpFlatRecord.CONGESTION_ALGORITHM_ENUM_FIELD_NUMBER:
                congestionEnum = value;
                break;
            default:
                break;
        }
    }

    @Override
    public void bytes(int field, byte[] src, int offset, int length) {
        if (field == XtcpFlatRecord.NETNS_FIELD_NUMBER) {
            netnsOffset = offset;
            netnsLength = length;
        } else if (field == XtcpFlatRecord.CONGESTION_ALGORITHM_STRING_FIELD_NUMBER) {
            congestionOffset = offset;
            congestionLength = length;
        }
    }
}
