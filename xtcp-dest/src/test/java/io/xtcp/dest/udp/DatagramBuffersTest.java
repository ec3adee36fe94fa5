package io.xtcp.dest.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class DatagramBuffersTest {
    final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(true);

    @Test
    void aGivenBackBufferIsTakenAgainEmpty() {
        DatagramBuffers pool = new DatagramBuffers(alloc, 1000, 2);
        ByteBuf a = pool.take();
        assertEquals(1000, a.capacity());
        assertEquals(true, a.isDirect());
        a.writeBytes(new byte[700]);
        pool.give(a);
        ByteBuf again = pool.take();
        assertSame(a, again);
        assertEquals(0, again.readableBytes());
        assertEquals(1, pool.made());
    }

    /** The sink's cycle: written retained, released once by the transport, given back, all freed at close. */
    @Test
    void closeFreesIdleBuffersAndThoseGivenBackLater() {
        DatagramBuffers pool = new DatagramBuffers(alloc, 64, 2);
        ByteBuf a = pool.take();
        ByteBuf b = pool.take();
        a.retain().release(); // the transport's reference, released after the write
        pool.give(a);
        assertEquals(1, a.refCnt());
        pool.close();
        assertEquals(0, a.refCnt(), "idle buffer freed at close");
        assertEquals(1, b.refCnt(), "a buffer still out stays usable");
        pool.give(b);
        assertEquals(0, b.refCnt(), "given back after close: freed");
        assertEquals(0, pool.idle());
    }
}
