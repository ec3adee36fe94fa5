package io.xtcp.core.testing;

import io.xtcp.core.record.DecodedRecord;

/**
 * One socket of a replayed dump: the fields {@code SocketDecoder} delivered, plus the one attribute
 * ss prints that the record schema has no field for.
 *
 * @param fields every field the decoder delivered (zero or not)
 * @param v6only the INET_DIAG_SKV6ONLY byte, or -1 when the kernel did not send it
 */
public record DecodedSocket(DecodedRecord fields, int v6only) {}
