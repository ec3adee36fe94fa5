package io.xtcp.core.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DumpRequestTest {
    /** Threads each stamp their own sequence number: a copy must not share the buffer. */
    @Test
    void copyHasItsOwnBuffers() {
        for (DumpRequest original : new DumpRequest[] {DumpRequest.legacy(0xFFF, 0x1F), DumpRequest.byFamily(0x2, 0x1, 2, 10)}) {
            DumpRequest copy = original.copy();
            assertEquals(original.count(), copy.count());
            for (int i = 0; i < original.count(); i++) {
                ByteBuffer a = original.request(i, 7);
                ByteBuffer b = copy.request(i, 9);
                assertNotSame(a, b);
                assertEquals(7, a.getInt(NlMsgHdr.SEQ_OFFSET));
                assertEquals(9, b.getInt(NlMsgHdr.SEQ_OFFSET));
                b.putInt(NlMsgHdr.SEQ_OFFSET, 7);
                assertEquals(a, b, "same bytes but the sequence number");
            }
            assertEquals(original.replyType(), copy.replyType());
            assertEquals(original.mode(), copy.mode());
        }
    }
}
