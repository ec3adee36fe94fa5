package io.xtcp.daemon.profile;

import io.xtcp.daemon.http.DebugEndpoint;
import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /debug/threads}: every live thread with its state, full stack, the monitors and
 * locks it holds and what it waits for, in the layout of {@code jstack}; deadlocked threads are
 * listed at the end. Text.
 */
public final class ThreadDumpEndpoint implements DebugEndpoint {
    @Override
    public Reply handle(Map<String, List<String>> query) {
        if (!query.isEmpty()) {
            return Reply.error(400, "/debug/threads takes no parameters");
        }
        return Reply.text(dump());
    }

    /** The dump as text. */
    public static String dump() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ThreadInfo[] infos = mx.dumpAllThreads(mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported());
        Arrays.sort(infos, Comparator.comparing(ThreadInfo::getThreadName).thenComparingLong(ThreadInfo::getThreadId));
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("Thread dump of xtcp (pid ").append(ProcessHandle.current().pid()).append(") at ").append(Instant.now())
                .append(", ").append(infos.length).append(" threads, ").append(System.getProperty("java.vm.name")).append(' ')
                .append(Runtime.version()).append("\n\n");
        for (ThreadInfo t : infos) {
            append(sb, t);
        }
        long[] deadlocked = mx.isSynchronizerUsageSupported() ? mx.findDeadlockedThreads() : mx.findMonitorDeadlockedThreads();
        if (deadlocked != null && deadlocked.length > 0) {
            sb.append("Deadlocked threads:");
            for (long id : deadlocked) {
                sb.append(' ').append(id);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, ThreadInfo t) {
        sb.append('"').append(t.getThreadName()).append("\" #").append(t.getThreadId());
        if (t.isDaemon()) {
            sb.append(" daemon");
        }
        sb.append(" prio=").append(t.getPriority());
        if (t.isInNative()) {
            sb.append(" in_native");
        }
        if (t.isSuspended()) {
            sb.append(" suspended");
        }
        sb.append("\n   java.lang.Thread.State: ").append(t.getThreadState()).append('\n');
        StackTraceElement[] stack = t.getStackTrace();
        MonitorInfo[] monitors = t.getLockedMonitors();
        for (int i = 0; i < stack.length; i++) {
            sb.append("\tat ");
            frame(sb, stack[i]);
            sb.append('\n');
            if (i == 0 && t.getLockInfo() != null) {
                Thread.State s = t.getThreadState();
                String verb = s == Thread.State.BLOCKED ? "waiting to lock" : "parking to wait for";
                if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                    verb = t.getLockInfo().getClassName().startsWith("java.util.concurrent") ? "parking to wait for" : "waiting on";
                }
                sb.append("\t- ").append(verb).append(' ').append(describe(t.getLockInfo()));
                if (t.getLockOwnerName() != null) {
                    sb.append(" owned by \"").append(t.getLockOwnerName()).append("\" #").append(t.getLockOwnerId());
                }
                sb.append('\n');
            }
            for (MonitorInfo m : monitors) {
                if (m.getLockedStackDepth() == i) {
                    sb.append("\t- locked ").append(describe(m)).append('\n');
                }
            }
        }
        LockInfo[] syncs = t.getLockedSynchronizers();
        if (syncs.length > 0) {
            sb.append("\n   Locked ownable synchronizers:\n");
            for (LockInfo l : syncs) {
                sb.append("\t- ").append(describe(l)).append('\n');
            }
        }
        sb.append('\n');
    }

    /** As jstack prints a frame: {@code java.lang.Thread.sleep(java.base@17.0.15/Native Method)}. */
    private static void frame(StringBuilder sb, StackTraceElement e) {
        sb.append(e.getClassName()).append('.').append(e.getMethodName()).append('(');
        if (e.getModuleName() != null) {
            sb.append(e.getModuleName());
            if (e.getModuleVersion() != null) {
                sb.append('@').append(e.getModuleVersion());
            }
            sb.append('/');
        }
        if (e.isNativeMethod()) {
            sb.append("Native Method");
        } else if (e.getFileName() == null) {
            sb.append("Unknown Source");
        } else {
            sb.append(e.getFileName());
            if (e.getLineNumber() >= 0) {
                sb.append(':').append(e.getLineNumber());
            }
        }
        sb.append(')');
    }

    private static String describe(LockInfo l) {
        return "<0x" + Integer.toHexString(l.getIdentityHashCode()) + "> (a " + l.getClassName() + ")";
    }
}
