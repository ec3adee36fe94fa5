package io.xtcp.dest.format;

import io.xtcp.core.netlink.TcpState;
import io.xtcp.core.record.DecodedRecord;
import io.xtcp.schema.v1.XtcpFlatRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact, aligned view for people: one line per socket with the fields an operator looks at
 * first. Times in milliseconds, rates in Mbit/s, as ss shows them.
 */
public final class TableFormat implements RecordFormat {
    private static final String[] HEADER = {
        "NETNS", "STATE", "LOCAL", "PEER", "RECV-Q", "SEND-Q", "CC", "RTT-MS", "RTTVAR", "MINRTT", "CWND", "MSS",
        "RETRANS", "SENT", "RECEIVED", "DELIVERY-MBPS"
    };
    private final List<String[]> rows = new ArrayList<>();

    @Override
    public String header() {
        return "";
    }

    @Override
    public void append(DecodedRecord r, StringBuilder out) {
        boolean info = r.has(XtcpFlatRecord.TCP_INFO_RTT_FIELD_NUMBER);
        rows.add(escaped(new String[] {
            r.has(XtcpFlatRecord.NETNS_FIELD_NUMBER) ? r.string(XtcpFlatRecord.NETNS_FIELD_NUMBER) : "-",
            TcpState.ssName((int) r.number(XtcpFlatRecord.INET_DIAG_MSG_STATE_FIELD_NUMBER)),
            endpoint(r, XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_FIELD_NUMBER, XtcpFlatRecord.INET_DIAG_MSG_SOCKET_SOURCE_PORT_FIELD_NUMBER),
            endpoint(r, XtcpFlatRecord.INET_DIAG_MSG_SOCKET_DESTINATION_FIELD_NUMBER, XtcpFlatRecord.INET_DIAG_MSG_SOCKET_DESTINATION_PORT_FIELD_NUMBER),
            num(r, XtcpFlatRecord.INET_DIAG_MSG_RQUEUE_FIELD_NUMBER),
            num(r, XtcpFlatRecord.INET_DIAG_MSG_WQUEUE_FIELD_NUMBER),
            r.has(XtcpFlatRecord.CONGESTION_ALGORITHM_STRING_FIELD_NUMBER) ? r.string(XtcpFlatRecord.CONGESTION_ALGORITHM_STRING_FIELD_NUMBER) : "-",
            info ? ms(r.number(XtcpFlatRecord.TCP_INFO_RTT_FIELD_NUMBER)) : "-",
            info ? ms(r.number(XtcpFlatRecord.TCP_INFO_RTT_VAR_FIELD_NUMBER)) : "-",
            info ? ms(r.number(XtcpFlatRecord.TCP_INFO_MIN_RTT_FIELD_NUMBER)) : "-",
            num(r, XtcpFlatRecord.TCP_INFO_SND_CWND_FIELD_NUMBER),
            num(r, XtcpFlatRecord.TCP_INFO_SND_MSS_FIELD_NUMBER),
            num(r, XtcpFlatRecord.TCP_INFO_TOTAL_RETRANS_FIELD_NUMBER),
            num(r, XtcpFlatRecord.TCP_INFO_BYTES_SENT_FIELD_NUMBER),
            num(r, XtcpFlatRecord.TCP_INFO_BYTES_RECEIVED_FIELD_NUMBER),
            r.has(XtcpFlatRecord.TCP_INFO_DELIVERY_RATE_FIELD_NUMBER)
                    ? String.format("%.1f", r.number(XtcpFlatRecord.TCP_INFO_DELIVERY_RATE_FIELD_NUMBER) * 8 / 1e6) : "-",
        }));
    }

    /** Cells as a terminal may show them: a namespace or congestion-control name with ESC or a newline escaped. */
    private static String[] escaped(String[] row) {
        for (int i = 0; i < row.length; i++) {
            row[i] = TerminalText.escape(row[i]);
        }
        return row;
    }

    private static String endpoint(DecodedRecord r, int addr, int port) {
        String a = r.address(addr);
        if (a.indexOf(':') >= 0) {
            a = "[" + a + "]";
        }
        return a + ":" + (r.number(port) == 0 && port == XtcpFlatRecord.INET_DIAG_MSG_SOCKET_DESTINATION_PORT_FIELD_NUMBER ? "*" : Long.toString(r.number(port)));
    }

    private static String num(DecodedRecord r, int f) {
        return r.has(f) ? Long.toUnsignedString(r.number(f)) : "-";
    }

    private static String ms(long micros) {
        return String.format("%.3f", micros / 1000.0);
    }

    @Override
    public String footer() {
        int[] width = new int[HEADER.length];
        List<String[]> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                boolean right = i >= 4 && i != 6;
                String cell = row[i];
                String pad = " ".repeat(width[i] - cell.length());
                sb.append(right ? pad + cell : cell + pad);
                sb.append(i == row.length - 1 ? "" : "  ");
            }
            sb.append('\n');
        }
        rows.clear();
        return sb.toString();
    }
}
