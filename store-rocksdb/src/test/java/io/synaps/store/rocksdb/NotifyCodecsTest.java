package io.synaps.store.rocksdb;

import io.synaps.store.outbox.DeadLetter;
import io.synaps.store.outbox.Delivery;
import io.synaps.store.rocksdb.OutboxCodec.KeyState;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** NotifyCodecsTest checks the topic and outbox record codecs and the outbox key layouts. */
class NotifyCodecsTest {
    private static final Topic TOPIC = new Topic("1", "ops", "arn:aws:sns:r:1:ops", Map.of("DisplayName", "Ops"), 5);
    private static final Subscription SUBSCRIPTION = new Subscription("arn:aws:sns:r:1:ops:1", "1",
            "arn:aws:sns:r:1:ops", "https", "https://h/x", false, "tok", "key", Map.of("a", "b"), 5);
    private static final Delivery DELIVERY = new Delivery("k", "1", "o", -3, "https", "t", "{}", 2, 9, "err", 4);

    /** Every record kind, encoded. */
    private static List<byte[]> records() {
        return List.of(TopicCodec.encode(TOPIC), TopicCodec.encode(SUBSCRIPTION), OutboxCodec.encode(DELIVERY),
                OutboxCodec.encode(new DeadLetter(DELIVERY, "why", 7)), OutboxCodec.encode(KeyState.pending("o", 3)),
                OutboxCodec.encode(KeyState.delivered(8)), OutboxCodec.encode(KeyState.dead(9, 2)));
    }

    private static Object decode(int kind, byte[] value) {
        return switch (kind) {
            case 0 -> TopicCodec.decodeTopic(value);
            case 1 -> TopicCodec.decodeSubscription(value);
            case 2 -> OutboxCodec.decodeDelivery(value);
            case 3 -> OutboxCodec.decodeDeadLetter(value);
            default -> OutboxCodec.decodeKeyState(value);
        };
    }

    @Test
    void everyRecordRoundTripsAndStartsWithItsVersionByte() {
        List<Object> originals = List.of(TOPIC, SUBSCRIPTION, DELIVERY, new DeadLetter(DELIVERY, "why", 7),
                KeyState.pending("o", 3), KeyState.delivered(8), KeyState.dead(9, 2));
        List<byte[]> records = records();
        for (int kind = 0; kind < records.size(); kind++) {
            assertThat(records.get(kind)[0]).isEqualTo(kind < 2 ? TopicCodec.VERSION : OutboxCodec.VERSION);
            assertThat(decode(kind, records.get(kind))).isEqualTo(originals.get(kind));
        }
    }

    @Test
    void nullableFieldsRoundTripAsNull() {
        Subscription bare = new Subscription("s", "1", "t", "sms", "+1555", true, null, null, Map.of(), 0);
        Delivery fresh = new Delivery("k", "1", "o", 0, "nova", "arn", "", 0, 0, null, 0);

        assertThat(TopicCodec.decodeSubscription(TopicCodec.encode(bare))).isEqualTo(bare);
        assertThat(OutboxCodec.decodeDelivery(OutboxCodec.encode(fresh))).isEqualTo(fresh);
        assertThat(OutboxCodec.decodeDeadLetter(OutboxCodec.encode(new DeadLetter(fresh, null, 1))).reason()).isNull();
    }

    @Test
    void equalAttributeMapsEncodeToEqualBytes() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("b", "2");
        one.put("a", "1");
        Map<String, String> other = new HashMap<>(Map.of("a", "1", "b", "2"));

        assertThat(TopicCodec.encode(new Topic("1", "n", "arn", one, 0)))
                .isEqualTo(TopicCodec.encode(new Topic("1", "n", "arn", other, 0)));
    }

    @Test
    void recordsOfAnotherVersionAreRejectedNotMisread() {
        List<byte[]> records = records();
        for (int kind = 0; kind < records.size(); kind++) {
            byte[] value = records.get(kind).clone();
            value[0] = 2;
            int k = kind;
            assertThatThrownBy(() -> decode(k, value)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("version 2");
        }
    }

    @Test
    void truncatedOrPaddedRecordsAreReportedAsCorrupt() {
        List<byte[]> records = records();
        for (int kind = 0; kind < records.size(); kind++) {
            byte[] value = records.get(kind);
            int k = kind;
            for (int length = 1; length < value.length; length++) {
                byte[] cut = Arrays.copyOf(value, length);
                assertThatThrownBy(() -> decode(k, cut)).as("kind %d cut to %d", k, length)
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining("corrupt");
            }
            byte[] padded = Arrays.copyOf(value, value.length + 1);
            assertThatThrownBy(() -> decode(k, padded)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("trailing");
        }
    }

    @Test
    void pendingKeysSortByOrderKeyThenSignedSequenceThenKey() {
        List<byte[]> sorted = List.of(
                RocksDbOutboxStore.pendingKey("a", Long.MIN_VALUE, "z"),
                RocksDbOutboxStore.pendingKey("a", -1, "z"),
                RocksDbOutboxStore.pendingKey("a", 0, "a"),
                RocksDbOutboxStore.pendingKey("a", 0, "b"),
                RocksDbOutboxStore.pendingKey("a", Long.MAX_VALUE, "a"),
                RocksDbOutboxStore.pendingKey("a\u0000", 0, "a"), // NUL is escaped, so "a" + NUL sorts after "a"
                RocksDbOutboxStore.pendingKey("a\u0000b", 0, "a"),
                RocksDbOutboxStore.pendingKey("a\u0001", 0, "a"),
                RocksDbOutboxStore.pendingKey("ab", Long.MIN_VALUE, "a"),
                RocksDbOutboxStore.pendingKey("\u00e9", 0, "a"));
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(Arrays.compareUnsigned(sorted.get(i - 1), sorted.get(i))).as("key %d before %d", i - 1, i)
                    .isNegative();
        }
    }

    @Test
    void deadLetterKeysSortNewestFirstWithinAnAccount() {
        byte[] newest = RocksDbOutboxStore.deadKey(1, 2_000, "a");
        byte[] older = RocksDbOutboxStore.deadKey(1, 1_000, "a");
        byte[] negative = RocksDbOutboxStore.deadKey(1, -5, "a");
        byte[] nextAccount = RocksDbOutboxStore.deadKey(2, Long.MAX_VALUE, "a");

        assertThat(Arrays.compareUnsigned(newest, older)).isNegative();
        assertThat(Arrays.compareUnsigned(older, negative)).isNegative();
        assertThat(Arrays.compareUnsigned(negative, nextAccount)).isNegative();
        assertThat(newest).hasSize(13);
    }
}
