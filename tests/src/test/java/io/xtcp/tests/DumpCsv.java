package io.xtcp.tests;

import io.xtcp.core.netlink.TcpState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows of {@code xtcp dump --format csv}, by column name. CSV, a machine format, carries a TCP state as its number
 * (docs/cli.md); {@link #parse} reads that column back as the kernel's name ({@code ESTABLISHED}, {@code LISTEN}), the
 * spelling the tests compare with ss in.
 */
public final class DumpCsv {
    /** The columns the end-to-end tests ask for. */
    public static final String COLUMNS = String.join(",", "inet_diag_msg_family", "inet_diag_msg_state",
            "inet_diag_msg_socket_source", "inet_diag_msg_socket_source_port", "inet_diag_msg_socket_destination",
            "inet_diag_msg_socket_destination_port", "tcp_info_snd_mss", "tcp_info_rtt", "tcp_info_min_rtt",
            "tcp_info_total_retrans");

    private static final String STATE = "inet_diag_msg_state";

    private DumpCsv() {}

    public static List<Map<String, String>> parse(String csv) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] lines = csv.strip().split("\n");
        if (lines.length == 0 || lines[0].isEmpty()) {
            return rows;
        }
        String[] header = lines[0].split(",", -1);
        for (int i = 1; i < lines.length; i++) {
            String[] v = lines[i].split(",", -1);
            if (v.length != header.length) {
                throw new IllegalArgumentException("row " + i + " has " + v.length + " fields, header " + header.length + ": " + lines[i]);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.length; c++) {
                row.put(header[c], header[c].equals(STATE) ? TcpState.name(Integer.parseInt(v[c])) : v[c]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** The identity ss would print for a row: state and both endpoints. */
    public static String key(Map<String, String> row) {
        return row.get("inet_diag_msg_state") + " " + row.get("inet_diag_msg_socket_source") + ":"
                + row.get("inet_diag_msg_socket_source_port") + " " + row.get("inet_diag_msg_socket_destination") + ":"
                + row.get("inet_diag_msg_socket_destination_port");
    }

    public static long number(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("no " + column + " in " + row);
        }
        return Long.parseLong(v);
    }
}
