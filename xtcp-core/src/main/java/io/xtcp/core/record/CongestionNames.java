package io.xtcp.core.record;

import io.xtcp.schema.v1.CongestionAlgorithm;

/** Maps the INET_DIAG_CONG name to the schema's CongestionAlgorithm enum without allocating. */
final class CongestionNames {
    private static final byte[][] NAMES = {
        ascii("cubic"), ascii("dctcp"), ascii("vegas"), ascii("prague"), ascii("bbr"), ascii("bbr2"), ascii("bbr3"),
    };
    private static final int[] VALUES = {
        CongestionAlgorithm.CONGESTION_ALGORITHM_CUBIC_VALUE,
        CongestionAlgorithm.CONGESTION_ALGORITHM_DCTCP_VALUE,
        CongestionAlgorithm.CONGESTION_ALGORITHM_VEGAS_VALUE,
        CongestionAlgorithm.CONGESTION_ALGORITHM_PRAGUE_VALUE,
        CongestionAlgorithm.CONGESTION_ALGORITHM_BBR1_VALUE,
        CongestionAlgorithm.CONGESTION_ALGORITHM_BBR2_VALUE,
        CongestionAlgorithm.CONGESTION_ALGORITHM_BBR3_VALUE,
    };

    private CongestionNames() {}

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The enum value for the name at b[off, off+len), or UNSPECIFIED (0). */
    static int enumValue(byte[] b, int off, int len) {
        outer:
        for (int i = 0; i < NAMES.length; i++) {
            byte[] n = NAMES[i];
            if (n.length != len) {
                continue;
            }
            for (int j = 0; j < len; j++) {
                if (b[off + j] != n[j]) {
                    continue outer;
                }
            }
            return VALUES[i];
        }
        return CongestionAlgorithm.CONGESTION_ALGORITHM_UNSPECIFIED_VALUE;
    }
}
