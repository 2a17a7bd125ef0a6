package io.synaps.bench.alarm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * ThreadCpuSampler reads the CPU time (nanoseconds) of this JVM's threads grouped by name with
 * digits replaced by '#' ({@code synaps-alarm-#}, {@code synaps-applier-#}, ...), so the
 * difference of two snapshots says which part of the engine spent a phase's CPU. Threads that
 * ended between snapshots lose their time. Thread-safe (stateless apart from the MXBean).
 */
public final class ThreadCpuSampler {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    public ThreadCpuSampler() {
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    /** CPU nanoseconds per thread id, with each thread's group name. */
    public Snapshot snapshot() {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, Long> user = new HashMap<>();
        Map<Long, String> group = new HashMap<>();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        for (int k = 0; k < ids.length; k++) {
            if (infos[k] == null) {
                continue;
            }
            long t = threads.getThreadCpuTime(ids[k]);
            long u = threads.getThreadUserTime(ids[k]);
            if (t >= 0) {
                cpu.put(ids[k], t);
                user.put(ids[k], Math.max(0, u));
                group.put(ids[k], infos[k].getThreadName().replaceAll("[0-9]+", "#"));
            }
        }
        return new Snapshot(cpu, user, group);
    }

    /** Snapshot is the CPU time (user + kernel) and user time of every live thread at one moment. Immutable. */
    public record Snapshot(Map<Long, Long> cpu, Map<Long, Long> user, Map<Long, String> group) {

        /**
         * CPU nanoseconds per thread group spent between {@code earlier} and this snapshot; each
         * group also appears as {@code <group> (kernel)} with the part spent in the kernel.
         */
        public Map<String, Long> since(Snapshot earlier) {
            Map<String, Long> out = new TreeMap<>();
            cpu.forEach((id, t) -> {
                long before = earlier.cpu.getOrDefault(id, 0L);
                long kernel = (t - user.getOrDefault(id, 0L)) - (before - earlier.user.getOrDefault(id, 0L));
                out.merge(group.get(id), t - before, Long::sum);
                out.merge(group.get(id) + " (kernel)", kernel, Long::sum);
            });
            return out;
        }
    }
}
