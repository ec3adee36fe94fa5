package io.xtcp.core.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Pre-built inet_diag dump requests for one poll: either one legacy {@code TCPDIAG_GETSOCK}
 * request that walks the socket table once and answers both families, or one
 * {@code SOCK_DIAG_BY_FAMILY} request per family (one table walk each).
 *
 * <pre>
 * struct inet_diag_req {            // legacy, type 18
 *     __u8  idiag_family, idiag_src_len, idiag_dst_len, idiag_ext;   // 0..3
 *     struct inet_diag_sockid id;                                    // 4..51
 *     __u32 idiag_states;                                            // 52
 *     __u32 idiag_dbs;                                               // 56
 * };                                                                 // 60
 * struct inet_diag_req_v2 {         // type 20
 *     __u8  sdiag_family, sdiag_protocol, idiag_ext, pad;            // 0..3
 *     __u32 idiag_states;                                            // 4
 *     struct inet_diag_sockid id;                                    // 8..55
 * };                                                                 // 56
 * </pre>
 *
 * <p>A filter program ({@link #withBytecode}) follows either struct as one netlink attribute,
 * {@code INET_DIAG_REQ_BYTECODE} (type 1): {@code struct nlattr { __u16 nla_len; __u16 nla_type; }}
 * then the program, which the kernel audits before the dump starts.
 *
 * <p>Not thread-safe: {@link #request} writes the sequence number into the pre-built buffer, so
 * each thread that dumps needs its own instance ({@link #copy()}).
 */
public final class DumpRequest {
    /** How the request walks the kernel's tables. */
    public enum Mode {
        /** One TCPDIAG_GETSOCK request: one walk, both families. */
        LEGACY,
        /** One SOCK_DIAG_BY_FAMILY request per family: one walk each. */
        BY_FAMILY
    }

    public static final int LEGACY_REQ_SIZE = 60;
    public static final int V2_REQ_SIZE = 56;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    private final Mode mode;
    private final int states;
    private final int extensions;
    private final int replyType;
    private final ByteBuffer[] requests;
    private final byte[] bytecode;

    private DumpRequest(Mode mode, int states, int extensions, int replyType, ByteBuffer[] requests) {
        this(mode, states, extensions, replyType, requests, null);
    }

    private DumpRequest(Mode mode, int states, int extensions, int replyType, ByteBuffer[] requests, byte[] bytecode) {
        this.mode = mode;
        this.states = states;
        this.extensions = extensions;
        this.replyType = replyType;
        this.requests = requests;
        this.bytecode = bytecode;
    }

    /** One legacy request for IPv4 and IPv6 at once. */
    public static DumpRequest legacy(int states, int extensions) {
        ByteBuffer b = allocate(Netlink.NLMSG_HDRLEN + LEGACY_REQ_SIZE);
        NlMsgHdr.write(b, 0, b.capacity(), Netlink.TCPDIAG_GETSOCK, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, 0);
        int p = Netlink.NLMSG_HDRLEN;
        b.put(p, (byte) 0); // AF_UNSPEC: the kernel answers both families
        b.put(p + 3, (byte) extensions);
        b.putInt(p + 52, states);
        return new DumpRequest(Mode.LEGACY, states, extensions, Netlink.TCPDIAG_GETSOCK, new ByteBuffer[] {b});
    }

    /** One SOCK_DIAG_BY_FAMILY request for each of {@code families} (AF_INET, AF_INET6). */
    public static DumpRequest byFamily(int states, int extensions, int... families) {
        ByteBuffer[] reqs = new ByteBuffer[families.length];
        for (int i = 0; i < families.length; i++) {
            ByteBuffer b = allocate(Netlink.NLMSG_HDRLEN + V2_REQ_SIZE);
            NlMsgHdr.write(b, 0, b.capacity(), Netlink.SOCK_DIAG_BY_FAMILY, Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, 0);
            int p = Netlink.NLMSG_HDRLEN;
            b.put(p, (byte) families[i]);
            b.put(p + 1, (byte) Netlink.IPPROTO_TCP);
            b.put(p + 2, (byte) extensions);
            b.putInt(p + 4, states);
            reqs[i] = b;
        }
        return new DumpRequest(Mode.BY_FAMILY, states, extensions, Netlink.SOCK_DIAG_BY_FAMILY, reqs);
    }

    /** Builds the request for a mode. */
    public static DumpRequest of(Mode mode, int states, int extensions) {
        return mode == Mode.LEGACY ? legacy(states, extensions) : byFamily(states, extensions, AF_INET, AF_INET6);
    }

    /** The same requests in buffers of their own, for another thread. */
    public DumpRequest copy() {
        ByteBuffer[] reqs = new ByteBuffer[requests.length];
        for (int i = 0; i < requests.length; i++) {
            reqs[i] = allocate(requests[i].capacity());
            reqs[i].put(0, requests[i], 0, requests[i].capacity());
        }
        return new DumpRequest(mode, states, extensions, replyType, reqs, bytecode);
    }

    /** The INET_DIAG_REQ_BYTECODE attribute type. */
    public static final int REQ_BYTECODE = 1;
    /** sizeof(struct nlattr). */
    public static final int NLA_HDRLEN = 4;

    /**
     * The same requests with an inet_diag filter program appended to each as an
     * INET_DIAG_REQ_BYTECODE attribute (replacing any program this one had).
     */
    public DumpRequest withBytecode(byte[] program) {
        int attrLen = NLA_HDRLEN + program.length;
        if (program.length == 0 || attrLen > 0xFFFF) {
            throw new IllegalArgumentException("a filter program is 1.." + (0xFFFF - NLA_HDRLEN) + " bytes, got " + program.length);
        }
        int body = Netlink.NLMSG_HDRLEN + (mode == Mode.LEGACY ? LEGACY_REQ_SIZE : V2_REQ_SIZE);
        ByteBuffer[] reqs = new ByteBuffer[requests.length];
        for (int i = 0; i < requests.length; i++) {
            ByteBuffer b = allocate(body + Netlink.align(attrLen));
            b.put(0, requests[i], 0, body);
            b.putInt(0, b.capacity()); // nlmsg_len
            b.putShort(body, (short) attrLen);
            b.putShort(body + 2, (short) REQ_BYTECODE);
            b.put(body + NLA_HDRLEN, program);
            reqs[i] = b;
        }
        return new DumpRequest(mode, states, extensions, replyType, reqs, program.clone());
    }

    /** The filter program the requests carry, or null. */
    public byte[] bytecode() {
        return bytecode == null ? null : bytecode.clone();
    }

    private static ByteBuffer allocate(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    public Mode mode() {
        return mode;
    }

    public int states() {
        return states;
    }

    public int extensions() {
        return extensions;
    }

    /** The nlmsg_type of the replies (the request type). */
    public int replyType() {
        return replyType;
    }

    public int count() {
        return requests.length;
    }

    /** The i-th request with its sequence number set; limit covers the whole message. */
    public ByteBuffer request(int i, int seq) {
        ByteBuffer b = requests[i];
        b.putInt(NlMsgHdr.SEQ_OFFSET, seq);
        b.clear();
        return b;
    }
}
