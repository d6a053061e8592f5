package net.ntsbox.server.udp;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The few libc socket calls the batched datapath needs, bound with the Foreign Function &amp;
 * Memory API: socket, setsockopt, bind, getsockname, recvmmsg, sendmmsg, shutdown, close, and
 * the sockaddr codecs. Linux on 64-bit x86 and ARM only (LP64, asm-generic socket option
 * numbers); {@link #available()} is false elsewhere or when native access is refused, and the
 * datapath then uses its portable NIO loop. Every call returns the raw result; failures throw
 * IOException with the errno's name, never a crash.
 */
final class LinuxUdp {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_REUSEPORT = 15;
    static final int SO_RCVTIMEO = 20;
    static final int SO_TIMESTAMPNS = 35; // == SCM_TIMESTAMPNS
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_WAITFORONE = 0x10000;
    static final int SHUT_RDWR = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    /** struct msghdr (56 bytes) + msg_len, padded: struct mmsghdr is 64 bytes on LP64. */
    static final long MMSGHDR_BYTES = 64;
    static final long MSG_NAME = 0, MSG_NAMELEN = 8, MSG_IOV = 16, MSG_IOVLEN = 24, MSG_CONTROL = 32,
            MSG_CONTROLLEN = 40, MSG_FLAGS = 48, MSG_LEN = 56;
    static final long IOVEC_BYTES = 16;
    /** sockaddr_in6 is the larger of the two families. */
    static final int SOCKADDR_BYTES = 28;
    /** cmsghdr (16) + struct timespec (16), with room to spare for another option. */
    static final int CONTROL_BYTES = 64;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Handles H = Handles.load();

    private LinuxUdp() {}

    private record Handles(MethodHandle socket, MethodHandle setsockopt, MethodHandle bind, MethodHandle getsockname,
            MethodHandle recvmmsg, MethodHandle sendmmsg, MethodHandle shutdown, MethodHandle close,
            MethodHandle strerror) {
        static Handles load() {
            try {
                String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
                String arch = System.getProperty("os.arch", "");
                if (!os.equals("linux") || !(arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
                    return null;
                }
                SymbolLookup libc = LINKER.defaultLookup();
                Linker.Option errno = Linker.Option.captureCallState("errno");
                ValueLayout.OfInt I = ValueLayout.JAVA_INT;
                ValueLayout A = ValueLayout.ADDRESS;
                return new Handles(
                        down(libc, "socket", FunctionDescriptor.of(I, I, I, I), errno),
                        down(libc, "setsockopt", FunctionDescriptor.of(I, I, I, I, A, I), errno),
                        down(libc, "bind", FunctionDescriptor.of(I, I, A, I), errno),
                        down(libc, "getsockname", FunctionDescriptor.of(I, I, A, A), errno),
                        down(libc, "recvmmsg", FunctionDescriptor.of(I, I, A, I, I, A), errno),
                        down(libc, "sendmmsg", FunctionDescriptor.of(I, I, A, I, I), errno),
                        down(libc, "shutdown", FunctionDescriptor.of(I, I, I), errno),
                        down(libc, "close", FunctionDescriptor.of(I, I), errno),
                        LINKER.downcallHandle(libc.find("strerror").orElseThrow(), FunctionDescriptor.of(A, I)));
            } catch (RuntimeException | LinkageError e) {
                // IllegalCallerException without --enable-native-access, missing symbols: no batched mode
                return null;
            }
        }

        private static MethodHandle down(SymbolLookup libc, String name, FunctionDescriptor fd, Linker.Option o) {
            return LINKER.downcallHandle(libc.find(name).orElseThrow(), fd, o);
        }
    }

    /** True if the calls are bound (Linux x86-64 or aarch64, native access granted). */
    static boolean available() {
        return H != null;
    }

    /** Per-thread scratch for errno (the capture segment) and small arguments. */
    static final class CallState {
        final MemorySegment errno;
        final MemorySegment scratch;

        CallState(Arena arena) {
            errno = arena.allocate(CAPTURE);
            scratch = arena.allocate(SOCKADDR_BYTES + 16, 8);
        }

        int errno() {
            return (int) ERRNO.get(errno, 0L);
        }
    }

    static IOException failure(String what, int errno) {
        String text = "errno " + errno;
        try {
            MemorySegment s = (MemorySegment) H.strerror.invokeExact(errno);
            text = s.reinterpret(256).getString(0) + " (errno " + errno + ")";
        } catch (Throwable t) {
            // keep the number
        }
        return new IOException(what + ": " + text);
    }

    /**
     * A UDP socket bound to {@code at}, with SO_REUSEPORT, SO_TIMESTAMPNS, IPV6_V6ONLY for IPv6,
     * a receive timeout (so that a blocked receive also rechecks the closing flag), and SO_RCVBUF
     * if {@code rcvbuf} &gt; 0. Returns the fd; closes it on any failure.
     */
    static int openBound(InetSocketAddress at, int rcvbuf, int receiveTimeoutMillis, CallState cs) throws IOException {
        boolean v6 = at.getAddress() instanceof Inet6Address;
        int fd = call1("socket", H.socket, cs, v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        try {
            setInt(fd, SOL_SOCKET, SO_REUSEPORT, 1, cs);
            setInt(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1, cs);
            if (v6) setInt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1, cs);
            if (rcvbuf > 0) setInt(fd, SOL_SOCKET, SO_RCVBUF, rcvbuf, cs);
            MemorySegment tv = cs.scratch.asSlice(0, 16);
            tv.set(ValueLayout.JAVA_LONG, 0, receiveTimeoutMillis / 1000);
            tv.set(ValueLayout.JAVA_LONG, 8, (receiveTimeoutMillis % 1000) * 1000L);
            int r = (int) H.setsockopt.invokeExact(cs.errno, fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
            if (r != 0) throw failure("setsockopt(SO_RCVTIMEO)", cs.errno());
            MemorySegment sa = cs.scratch.asSlice(0, SOCKADDR_BYTES);
            int len = encode(at, sa);
            r = (int) H.bind.invokeExact(cs.errno, fd, sa, len);
            if (r != 0) throw failure("bind " + at, cs.errno());
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            close(fd, cs);
            throw e;
        } catch (Throwable t) {
            close(fd, cs);
            throw new IOException("socket setup failed: " + t, t);
        }
    }

    static InetSocketAddress localAddress(int fd, CallState cs) throws IOException {
        MemorySegment sa = cs.scratch.asSlice(0, SOCKADDR_BYTES);
        MemorySegment len = cs.scratch.asSlice(SOCKADDR_BYTES, 4);
        len.set(ValueLayout.JAVA_INT, 0, SOCKADDR_BYTES);
        try {
            int r = (int) H.getsockname.invokeExact(cs.errno, fd, sa, len);
            if (r != 0) throw failure("getsockname", cs.errno());
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("getsockname failed: " + t, t);
        }
        return decode(sa);
    }

    /** recvmmsg(fd, vec, n, flags, NULL): the count received, or -errno. */
    static int recvmmsg(int fd, MemorySegment vec, int n, int flags, CallState cs) {
        try {
            int r = (int) H.recvmmsg.invokeExact(cs.errno, fd, vec, n, flags, MemorySegment.NULL);
            return r >= 0 ? r : -cs.errno();
        } catch (Throwable t) {
            throw new IllegalStateException("recvmmsg downcall failed", t);
        }
    }

    /** sendmmsg(fd, vec, n, flags): the count sent, or -errno. */
    static int sendmmsg(int fd, MemorySegment vec, int n, int flags, CallState cs) {
        try {
            int r = (int) H.sendmmsg.invokeExact(cs.errno, fd, vec, n, flags);
            return r >= 0 ? r : -cs.errno();
        } catch (Throwable t) {
            throw new IllegalStateException("sendmmsg downcall failed", t);
        }
    }

    /** Wakes threads blocked in a receive on {@code fd} (Linux: a shut-down UDP socket's recv returns 0). */
    static void shutdown(int fd, CallState cs) {
        try {
            int ignored = (int) H.shutdown.invokeExact(cs.errno, fd, SHUT_RDWR); // ENOTCONN on UDP, but wakes
        } catch (Throwable t) {
            // the receive timeout wakes the thread anyway
        }
    }

    static void close(int fd, CallState cs) {
        try {
            int ignored = (int) H.close.invokeExact(cs.errno, fd);
        } catch (Throwable t) {
            // nothing left to do
        }
    }

    private static void setInt(int fd, int level, int name, int value, CallState cs) throws Throwable {
        MemorySegment v = cs.scratch.asSlice(0, 4);
        v.set(ValueLayout.JAVA_INT, 0, value);
        int r = (int) H.setsockopt.invokeExact(cs.errno, fd, level, name, v, 4);
        if (r != 0) throw failure("setsockopt(" + level + ", " + name + ")", cs.errno());
    }

    private static int call1(String what, MethodHandle h, CallState cs, int a, int b, int c) throws IOException {
        int r;
        try {
            r = (int) h.invokeExact(cs.errno, a, b, c);
        } catch (Throwable t) {
            throw new IOException(what + " failed: " + t, t);
        }
        if (r < 0) throw failure(what, cs.errno());
        return r;
    }

    /** Writes a sockaddr_in or sockaddr_in6 (network byte order port and address); returns its length. */
    static int encode(InetSocketAddress a, MemorySegment sa) {
        sa.fill((byte) 0);
        InetAddress ip = a.getAddress();
        int port = a.getPort();
        if (ip instanceof Inet4Address) {
            sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
            sa.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >> 8));
            sa.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
            MemorySegment.copy(ip.getAddress(), 0, sa, ValueLayout.JAVA_BYTE, 4, 4);
            return 16;
        }
        Inet6Address ip6 = (Inet6Address) ip;
        sa.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
        sa.set(ValueLayout.JAVA_BYTE, 2, (byte) (port >> 8));
        sa.set(ValueLayout.JAVA_BYTE, 3, (byte) port);
        MemorySegment.copy(ip6.getAddress(), 0, sa, ValueLayout.JAVA_BYTE, 8, 16);
        sa.set(ValueLayout.JAVA_INT, 24, ip6.getScopeId()); // host order, as the kernel expects
        return SOCKADDR_BYTES;
    }

    static InetSocketAddress decode(MemorySegment sa) throws IOException {
        int family = sa.get(ValueLayout.JAVA_SHORT, 0);
        int port = (Byte.toUnsignedInt(sa.get(ValueLayout.JAVA_BYTE, 2)) << 8) | Byte.toUnsignedInt(sa.get(ValueLayout.JAVA_BYTE, 3));
        try {
            if (family == AF_INET) {
                return new InetSocketAddress(InetAddress.getByAddress(sa.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE)), port);
            }
            if (family == AF_INET6) {
                byte[] b = sa.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
                int scope = sa.get(ValueLayout.JAVA_INT, 24);
                InetAddress ip = scope != 0 ? Inet6Address.getByAddress(null, b, scope) : InetAddress.getByAddress(b);
                return new InetSocketAddress(ip, port);
            }
        } catch (UnknownHostException e) {
            throw new IOException("bad socket address", e);
        }
        throw new IOException("unknown address family " + family);
    }
}
