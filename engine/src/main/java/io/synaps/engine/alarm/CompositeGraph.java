package io.synaps.engine.alarm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * CompositeGraph is who depends on whom among an account's alarms: each composite alarm's rule
 * children and actions suppressor, and the reverse edges (child to parents, suppressor to the
 * composites it suppresses) the engine follows when an alarm changes. Thread-safe (synchronized;
 * callers may also hold its monitor across a check and the matching update).
 */
final class CompositeGraph {
    private final Map<AlarmKey, Set<String>> childrenOf = new HashMap<>();
    private final Map<AlarmKey, String> suppressorOf = new HashMap<>();
    private final Map<AlarmKey, Set<String>> parents = new HashMap<>();
    private final Map<AlarmKey, Set<String>> suppressees = new HashMap<>();

    /** Sets (or replaces) the composite's children and suppressor (null: none). */
    synchronized void set(AlarmKey composite, Set<String> children, String suppressor) {
        remove(composite);
        childrenOf.put(composite, Set.copyOf(children));
        for (String child : children) {
            parents.computeIfAbsent(new AlarmKey(composite.accountId(), child), k -> new TreeSet<>())
                    .add(composite.name());
        }
        if (suppressor != null) {
            suppressorOf.put(composite, suppressor);
            suppressees.computeIfAbsent(new AlarmKey(composite.accountId(), suppressor), k -> new TreeSet<>())
                    .add(composite.name());
        }
    }

    /** Forgets the composite's own edges (its name may still be a child of other composites). */
    synchronized void remove(AlarmKey composite) {
        Set<String> children = childrenOf.remove(composite);
        if (children != null) {
            for (String child : children) {
                unlink(parents, new AlarmKey(composite.accountId(), child), composite.name());
            }
        }
        String suppressor = suppressorOf.remove(composite);
        if (suppressor != null) {
            unlink(suppressees, new AlarmKey(composite.accountId(), suppressor), composite.name());
        }
    }

    /** The composites whose rule references the alarm, sorted by name. */
    synchronized List<String> parentsOf(AlarmKey alarm) {
        Set<String> p = parents.get(alarm);
        return p == null ? List.of() : List.copyOf(p);
    }

    /** The composites to re-evaluate when the alarm changes: its parents and the composites it suppresses. */
    synchronized Set<String> dependentsOf(AlarmKey alarm) {
        Set<String> p = parents.get(alarm);
        Set<String> s = suppressees.get(alarm);
        if (p == null && s == null) {
            return Set.of();
        }
        Set<String> all = new TreeSet<>();
        if (p != null) {
            all.addAll(p);
        }
        if (s != null) {
            all.addAll(s);
        }
        return all;
    }

    /**
     * The cycle that giving {@code composite} these children would close, as a path of names
     * starting and ending with the composite, or null when there is none.
     */
    synchronized List<String> cycle(AlarmKey composite, Set<String> children) {
        Set<String> visited = new HashSet<>();
        for (String child : new TreeSet<>(children)) {
            List<String> path = new ArrayList<>();
            path.add(composite.name());
            if (reaches(composite, child, path, visited)) {
                return path;
            }
        }
        return null;
    }

    private boolean reaches(AlarmKey target, String from, List<String> path, Set<String> visited) {
        path.add(from);
        if (from.equals(target.name())) {
            return true;
        }
        if (visited.add(from)) {
            Set<String> next = childrenOf.get(new AlarmKey(target.accountId(), from));
            if (next != null) {
                for (String child : new TreeSet<>(next)) {
                    if (reaches(target, child, path, visited)) {
                        return true;
                    }
                }
            }
        }
        path.remove(path.size() - 1);
        return false;
    }

    private static void unlink(Map<AlarmKey, Set<String>> edges, AlarmKey from, String name) {
        Set<String> set = edges.get(from);
        if (set != null) {
            set.remove(name);
            if (set.isEmpty()) {
                edges.remove(from);
            }
        }
    }
}
