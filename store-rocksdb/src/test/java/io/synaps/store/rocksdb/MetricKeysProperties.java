package io.synaps.store.rocksdb;

import io.synaps.model.Dimension;
import io.synaps.model.MetricId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MetricKeysProperties {
    private static final String ALPHABET = "ab\0\u00ff\u00e9\u2603/:-_";

    @Test
    void keysRoundTripAndSortByAccountNamespaceNameAndDimensions() {
        long seed = System.nanoTime();
        System.out.println("MetricKeysProperties seed=" + seed);
        Random random = new Random(seed);
        List<int[]> accounts = new ArrayList<>();
        List<MetricId> metrics = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            accounts.add(new int[]{random.nextInt(3) + 1});
            Map<String, Dimension> dims = new LinkedHashMap<>();
            for (int d = random.nextInt(4); d > 0; d--) {
                String name = string(random);
                dims.put(name, new Dimension(name, string(random)));
            }
            metrics.add(new MetricId(string(random), string(random), new ArrayList<>(dims.values())));
        }
        for (int i = 0; i < metrics.size(); i++) {
            MetricId m = metrics.get(i);
            int account = accounts.get(i)[0];
            byte[] key = MetricKeys.key(account, m);
            assertThat(MetricKeys.decode(key)).as("seed %d", seed).isEqualTo(m);
            assertThat(MetricKeys.account(key)).isEqualTo(account);
            assertThat(startsWith(key, MetricKeys.prefix(account, m.namespace(), null))).isTrue();
            assertThat(startsWith(key, MetricKeys.prefix(account, m.namespace(), m.metricName()))).isTrue();

            int j = random.nextInt(metrics.size());
            MetricId other = metrics.get(j);
            int otherAccount = accounts.get(j)[0];
            byte[] otherKey = MetricKeys.key(otherAccount, other);
            assertThat(Integer.signum(Arrays.compareUnsigned(key, otherKey)))
                    .as("%s vs %s seed %d", m, other, seed)
                    .isEqualTo(Integer.signum(compare(account, m, otherAccount, other)));
            boolean sameNamespace = account == otherAccount && m.namespace().equals(other.namespace());
            assertThat(startsWith(otherKey, MetricKeys.prefix(account, m.namespace(), null))).isEqualTo(sameNamespace);
            assertThat(startsWith(otherKey, MetricKeys.prefix(account, m.namespace(), m.metricName())))
                    .isEqualTo(sameNamespace && m.metricName().equals(other.metricName()));
        }
    }

    private static int compare(int accountA, MetricId a, int accountB, MetricId b) {
        int c = Integer.compare(accountA, accountB);
        if (c == 0) {
            c = utf8(a.namespace(), b.namespace());
        }
        if (c == 0) {
            c = utf8(a.metricName(), b.metricName());
        }
        for (int i = 0; c == 0 && i < Math.min(a.dimensions().size(), b.dimensions().size()); i++) {
            c = utf8(a.dimensions().get(i).name(), b.dimensions().get(i).name());
            if (c == 0) {
                c = utf8(a.dimensions().get(i).value(), b.dimensions().get(i).value());
            }
        }
        return c != 0 ? c : Integer.compare(a.dimensions().size(), b.dimensions().size());
    }

    private static int utf8(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String string(Random random) {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(4) + 1; n > 0; n--) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return AccountIds.startsWith(key, prefix);
    }
}
