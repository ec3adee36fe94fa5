package io.xtcp.core.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xtcp.schema.v1.XtcpFlatRecord;
import org.junit.jupiter.api.Test;

/**
 * The decoder hands each u32 struct (meminfo, skmeminfo, vegas, bbr) to the writer as one run
 * numbered from its first field: that holds only while the schema numbers the struct's fields
 * consecutively, in struct order, which this checks against the generated schema.
 */
class SocketDecoderRunsTest {
    @Test
    void eachU32StructIsNumberedConsecutivelyInTheSchema() {
        int[][] structs = {
            {XtcpFlatRecord.MEM_INFO_RMEM_FIELD_NUMBER, XtcpFlatRecord.MEM_INFO_WMEM_FIELD_NUMBER,
                XtcpFlatRecord.MEM_INFO_FMEM_FIELD_NUMBER, XtcpFlatRecord.MEM_INFO_TMEM_FIELD_NUMBER},
            {XtcpFlatRecord.SK_MEM_INFO_RMEM_ALLOC_FIELD_NUMBER, XtcpFlatRecord.SK_MEM_INFO_RCV_BUF_FIELD_NUMBER,
                XtcpFlatRecord.SK_MEM_INFO_WMEM_ALLOC_FIELD_NUMBER, XtcpFlatRecord.SK_MEM_INFO_SND_BUF_FIELD_NUMBER,
                XtcpFlatRecord.SK_MEM_INFO_FWD_ALLOC_FIELD_NUMBER, XtcpFlatRecord.SK_MEM_INFO_WMEM_QUEUED_FIELD_NUMBER,
                XtcpFlatRecord.SK_MEM_INFO_OPTMEM_FIELD_NUMBER, XtcpFlatRecord.SK_MEM_INFO_BACKLOG_FIELD_NUMBER,
                XtcpFlatRecord.SK_MEM_INFO_DROPS_FIELD_NUMBER},
            {XtcpFlatRecord.VEGAS_INFO_ENABLED_FIELD_NUMBER, XtcpFlatRecord.VEGAS_INFO_RTT_CNT_FIELD_NUMBER,
                XtcpFlatRecord.VEGAS_INFO_RTT_FIELD_NUMBER, XtcpFlatRecord.VEGAS_INFO_MIN_RTT_FIELD_NUMBER},
            {XtcpFlatRecord.BBR_INFO_BW_LO_FIELD_NUMBER, XtcpFlatRecord.BBR_INFO_BW_HI_FIELD_NUMBER,
                XtcpFlatRecord.BBR_INFO_MIN_RTT_FIELD_NUMBER, XtcpFlatRecord.BBR_INFO_PACING_GAIN_FIELD_NUMBER,
                XtcpFlatRecord.BBR_INFO_CWND_GAIN_FIELD_NUMBER},
        };
        int[] counts = {SocketDecoder.MEMINFO_U32S, SocketDecoder.SKMEMINFO_U32S, SocketDecoder.VEGAS_U32S, SocketDecoder.BBR_U32S};
        for (int s = 0; s < structs.length; s++) {
            int[] fields = structs[s];
            assertEquals(counts[s], fields.length, "u32s of the struct starting at " + fields[0]);
            for (int i = 1; i < fields.length; i++) {
                assertEquals(fields[0] + i, fields[i], "field " + i + " of the struct starting at " + fields[0]);
            }
        }
    }
}
