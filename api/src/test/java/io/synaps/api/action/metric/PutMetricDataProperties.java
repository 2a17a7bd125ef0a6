package io.synaps.api.action.metric;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Inputs;
import io.synaps.api.action.Unreachable;
import io.synaps.api.protocol.Members;
import io.synaps.model.MetricDatum;
import io.synaps.model.StandardUnit;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random valid PutMetricData requests decode to the same datums whether they came as Query text or typed JSON. */
class PutMetricDataProperties {
    private final PutMetricDataAction action = new PutMetricDataAction(new Unreachable());

    @Test
    void queryAndJsonFormsOfTheSameRequestYieldTheSameDatums() {
        long seed = Long.getLong("synaps.seed", System.nanoTime()); // replay with -Dsynaps.seed=...
        System.out.println("PutMetricDataProperties seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 100; round++) {
            List<String> pairs = new ArrayList<>(List.of("Namespace", "Ns" + random.nextInt(5)));
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.put("Namespace", pairs.get(1));
            ArrayNode data = json.putArray("MetricData");
            int datums = 1 + random.nextInt(20);
            for (int i = 1; i <= datums; i++) {
                String p = "MetricData.member." + i + ".";
                ObjectNode d = data.addObject();
                String name = "m" + random.nextInt(1000);
                pairs.add(p + "MetricName");
                pairs.add(name);
                d.put("MetricName", name);
                int dims = random.nextInt(4);
                ArrayNode dimArray = d.putArray("Dimensions");
                for (int k = 1; k <= dims; k++) {
                    String value = "v" + random.nextInt(100);
                    pairs.add(p + "Dimensions.member." + k + ".Name");
                    pairs.add("D" + k);
                    pairs.add(p + "Dimensions.member." + k + ".Value");
                    pairs.add(value);
                    dimArray.addObject().put("Name", "D" + k).put("Value", value);
                }
                if (random.nextBoolean()) {
                    long seconds = Inputs.NOW.getEpochSecond() - random.nextInt(13 * 86400);
                    int millis = random.nextInt(1000);
                    Instant t = Instant.ofEpochSecond(seconds, millis * 1_000_000L);
                    pairs.add(p + "Timestamp");
                    pairs.add(t.toString());
                    d.put("Timestamp", seconds + millis / 1000.0);
                }
                if (random.nextBoolean()) {
                    StandardUnit u = StandardUnit.values()[random.nextInt(StandardUnit.values().length)];
                    pairs.add(p + "Unit");
                    pairs.add(u.wireName());
                    d.put("Unit", u.wireName());
                }
                if (random.nextBoolean()) {
                    int resolution = random.nextBoolean() ? 1 : 60;
                    pairs.add(p + "StorageResolution");
                    pairs.add(Integer.toString(resolution));
                    d.put("StorageResolution", resolution);
                }
                if (random.nextInt(3) == 0) {
                    double v = value(random);
                    pairs.add(p + "Value");
                    pairs.add(Double.toString(v));
                    d.put("Value", v);
                } else {
                    int n = 1 + random.nextInt(10);
                    ArrayNode values = d.putArray("Values");
                    ArrayNode counts = d.putArray("Counts");
                    for (int k = 1; k <= n; k++) {
                        double v = value(random);
                        double c = 1 + random.nextInt(5);
                        pairs.add(p + "Values.member." + k);
                        pairs.add(Double.toString(v));
                        pairs.add(p + "Counts.member." + k);
                        pairs.add(Double.toString(c));
                        values.add(v);
                        counts.add(c);
                    }
                }
            }
            List<MetricDatum> fromQuery = action.validate(Inputs.context(), Inputs.query(pairs.toArray(String[]::new)));
            List<MetricDatum> fromJson = action.validate(Inputs.context(), Members.root(json));
            assertThat(fromQuery).hasSize(datums);
            assertThat(fromQuery.stream().map(PutMetricDataProperties::describe).toList())
                    .isEqualTo(fromJson.stream().map(PutMetricDataProperties::describe).toList());
        }
    }

    private static String describe(MetricDatum d) {
        return d.metric() + " " + d.timestampMillis() + " " + d.unit() + " " + d.storageResolution() + " "
                + Arrays.toString(d.values()) + " " + Arrays.toString(d.counts()) + " " + d.statisticValues();
    }

    private static double value(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(1000);
            case 1 -> random.nextGaussian() * 1e6;
            case 2 -> -random.nextDouble();
            default -> random.nextDouble() * 1e100;
        };
    }
}
