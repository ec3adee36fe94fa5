package io.xtcp.daemon.http;

import io.xtcp.core.record.DecodedRecord;
import io.xtcp.schema.v1.XtcpFlatRecord;

/** Synthetic decoded records for snapshots. */
public final class Records {
    private Records() {}

    public static DecodedRecord of(String netns, int state, int srcPort, int dstPort, long rttMicros, long retrans, long bytesAcked,
            long cwnd, String congestion) {
        DecodedRecord r = new DecodedRecord();
        r.reset();
        r.number(XtcpFlatRecord.SCHEMA_VERSION_FIELD_NUMBER, 1);
        r.string(XtcpFlatRecord.HOSTNAME_FIELD_NUMBER, "test-host");
        r.string(XtcpFlatRecord.NETNS_FIELD_NUMBER, netns);
        r.number(XtcpFlatRecord.INET_DIAG_MSG_FAMILY_FIELD_NUMBER, 2);
        r.number(XtcpFlatRecord.INET_DIAG_MSG_STATE_FIELD_NUMBER, state);
        r.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_PORT_FIELD_NUMBER, srcPort);
        r.number(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_DESTINATION_PORT_FIELD_NUMBER, dstPort);
        r.bytes(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_FIELD_NUMBER, new byte[] {10, 0, 0, 1}, 0, 4);
        r.bytes(XtcpFlatRecord.INET_DIAG_MSG_SOCKET_DESTINATION_FIELD_NUMBER, new byte[] {10, 0, 0, 2}, 0, 4);
        r.number(XtcpFlatRecord.TCP_INFO_RTT_FIELD_NUMBER, rttMicros);
        r.number(XtcpFlatRecord.TCP_INFO_TOTAL_RETRANS_FIELD_NUMBER, retrans);
        r.number(XtcpFlatRecord.TCP_INFO_BYTES_ACKED_FIELD_NUMBER, bytesAcked);
        r.number(XtcpFlatRecord.TCP_INFO_SND_CWND_FIELD_NUMBER, cwnd);
        r.string(XtcpFlatRecord.CONGESTION_ALGORITHM_STRING_FIELD_NUMBER, congestion);
        return r;
    }
}
