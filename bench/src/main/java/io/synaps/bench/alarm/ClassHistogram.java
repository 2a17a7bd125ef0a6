package io.synaps.bench.alarm;

import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ClassHistogram is this JVM's live heap by class (the {@code GC.class_histogram} diagnostic
 * command, which runs a full GC first): instances and bytes per class name, so the difference of
 * two histograms says what a phase left on the heap. Immutable.
 */
public record ClassHistogram(Map<String, long[]> byClass) {
    private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** Takes the histogram now; empty when the diagnostic command is not available. */
    public static ClassHistogram take() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[]{new String[0]}, new String[]{String[].class.getName()});
        } catch (JMException | RuntimeException e) {
            return new ClassHistogram(Map.of());
        }
        Map<String, long[]> out = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                out.put(m.group(3), new long[]{Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }
        return new ClassHistogram(Map.copyOf(out));
    }

    /** Per class: {instances, bytes} of this histogram minus {@code earlier}'s. */
    public Map<String, long[]> since(ClassHistogram earlier) {
        Map<String, long[]> out = new HashMap<>();
        byClass.forEach((name, now) -> {
            long[] was = earlier.byClass.getOrDefault(name, new long[2]);
            out.put(name, new long[]{now[0] - was[0], now[1] - was[1]});
        });
        earlier.byClass.forEach((name, was) -> out.putIfAbsent(name, new long[]{-was[0], -was[1]}));
        return out;
    }
}
