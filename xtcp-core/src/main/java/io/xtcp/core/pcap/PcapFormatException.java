package io.xtcp.core.pcap;

import java.io.IOException;

/** A file that is not a readable nlmon pcap capture. */
public final class PcapFormatException extends IOException {
    public PcapFormatException(String message) {
        super(message);
    }
}
