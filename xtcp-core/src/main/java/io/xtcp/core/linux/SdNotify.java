package io.xtcp.core.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import jnr.ffi.Pointer;

/**
 * The service manager's notification protocol (systemd's {@code sd_notify(3)}): newline-separated
 * {@code KEY=VALUE} assignments ({@code READY=1}, {@code STATUS=...}, {@code WATCHDOG=1},
 * {@code STOPPING=1}) sent as one datagram to the {@code AF_UNIX} socket named by
 * {@code $NOTIFY_SOCKET}.
 *
 * <p>The name is a filesystem path ({@code /run/systemd/notify}) or, when it starts with
 * {@code '@'}, a Linux abstract socket whose name is the rest, preceded by a NUL byte in
 * {@code sun_path}. The address is built once; every {@link #send} is one {@code sendto} on one
 * long-lived {@code SOCK_DGRAM} socket. Thread-safe.
 *
 * <pre>
 * struct sockaddr_un {            // &lt;sys/un.h&gt;
 *     sa_family_t sun_family;     // 0: AF_UNIX, 2 bytes, host order
 *     char        sun_path[108];  // 2: path + NUL, or NUL + abstract name (no terminator)
 * };
 * </pre>
 */
public final class SdNotify implements AutoCloseable {
    /** The environment variable the service manager sets. */
    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    static final int SUN_PATH_OFFSET = 2;
    static final int SUN_PATH_SIZE = 108;
    static final int MAX_MESSAGE = 4096;

    private final String name;
    private final NativeFd fd;
    private final Pointer address;
    private final int addressLength;
    private final ByteBuffer tx = ByteBuffer.allocateDirect(MAX_MESSAGE);
    private final Pointer txPointer = Syscalls.pointer(tx);

    private SdNotify(String name, NativeFd fd, ByteBuffer address) {
        this.name = name;
        this.fd = fd;
        this.address = Syscalls.pointer(address);
        this.addressLength = address.limit();
    }

    /**
     * The notifier named by {@code $NOTIFY_SOCKET}, or null when it is unset or empty (not run
     * by a service manager: every notification is then a no-op for the caller).
     *
     * @throws IllegalArgumentException when the variable names something other than a path or an
     *     abstract socket (e.g. systemd's {@code vsock:} form, which this does not speak)
     */
    public static SdNotify fromEnvironment(Map<String, String> env) throws SyscallException {
        String name = env.get(NOTIFY_SOCKET);
        if (name == null || name.isEmpty()) {
            return null;
        }
        return open(name);
    }

    /** A notifier sending to {@code name}: an absolute path or {@code @abstract-name}. */
    public static SdNotify open(String name) throws SyscallException {
        ByteBuffer address = sockaddr(name);
        int raw = Syscalls.socket(Syscalls.AF_UNIX, Syscalls.SOCK_DGRAM | Syscalls.SOCK_CLOEXEC, 0);
        return new SdNotify(name, new NativeFd(raw, "notify socket " + name), address);
    }

    /**
     * The {@code sockaddr_un} for {@code name}, limited to its meaningful length (what
     * {@code sendto} takes as {@code addrlen}): a path keeps its terminating NUL, an abstract
     * name has none.
     */
    static ByteBuffer sockaddr(String name) {
        boolean abstractName = name.startsWith("@");
        if (!abstractName && !name.startsWith("/")) {
            throw new IllegalArgumentException(NOTIFY_SOCKET + "=" + name
                    + ": not an absolute path or an @abstract socket name");
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int pathLength = abstractName ? bytes.length : bytes.length + 1; // '@' becomes NUL; a path gains one
        if (bytes.length < 2 || pathLength > SUN_PATH_SIZE) {
            throw new IllegalArgumentException(NOTIFY_SOCKET + "=" + name + ": socket name must be 1 to "
                    + (SUN_PATH_SIZE - 1) + " bytes");
        }
        ByteBuffer addr = ByteBuffer.allocateDirect(SUN_PATH_OFFSET + SUN_PATH_SIZE).order(ByteOrder.nativeOrder());
        addr.putShort(0, (short) Syscalls.AF_UNIX);
        addr.position(SUN_PATH_OFFSET);
        addr.put(bytes);
        if (abstractName) {
            addr.put(SUN_PATH_OFFSET, (byte) 0);
        } else {
            addr.put((byte) 0);
        }
        addr.limit(SUN_PATH_OFFSET + pathLength);
        addr.position(0);
        return addr;
    }

    /** Sends {@code state} (one or more {@code KEY=VALUE} lines) as one datagram. */
    public synchronized void send(String state) throws SyscallException {
        byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_MESSAGE) {
            throw new IllegalArgumentException("notification longer than " + MAX_MESSAGE + " bytes");
        }
        int f = fd.get();
        if (f < 0) {
            throw new SyscallException("sendto(" + name + ") on a closed notify socket", Errno.EBADF);
        }
        tx.clear();
        tx.put(bytes);
        Syscalls.sendto(f, txPointer, bytes.length, address, addressLength);
    }

    /** The socket name from the environment, for messages. */
    public String name() {
        return name;
    }

    @Override
    public synchronized void close() {
        try {
            fd.close();
        } catch (SyscallException ignored) {
            // the kernel releases the descriptor even when close reports an error
        }
    }
}
