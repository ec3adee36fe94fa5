package io.xtcp.dest.stdout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits a protobufList stream into its framed batches; a partial batch at the end is left out. */
public final class PipeSplit {
    private PipeSplit() {}

    public static List<byte[]> split(byte[] s) throws IOException {
        List<byte[]> out = new ArrayList<>();
        int p = 0;
        while (p < s.length) {
            int start = p;
            long len = 0;
            int shift = 0;
            while (true) {
                if (p >= s.length) {
                    return out;
                }
                byte b = s[p++];
                len |= (long) (b & 0x7F) << shift;
                shift += 7;
                if (b >= 0) {
                    break;
                }
            }
            if (p + len > s.length) {
                return out;
            }
            p += (int) len;
            out.add(Arrays.copyOfRange(s, start, p));
        }
        return out;
    }
}
