package io.synaps.api.action.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Inputs;
import io.synaps.model.AwsError;
import io.synaps.store.outbox.Delivery;
import io.synaps.store.outbox.OutboxStore;
import io.synaps.store.rocksdb.RocksDbStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ListDeadLettersActionTest {
    private static final String ACCOUNT = Inputs.ACCOUNT;
    private static final long T0 = Inputs.NOW.toEpochMilli();

    @TempDir
    Path dir;
    private RocksDbStorage storage;
    private OutboxStore outbox;
    private ListDeadLettersAction action;

    @BeforeEach
    void open() {
        storage = RocksDbStorage.open(dir, Clock.fixed(Inputs.NOW, ZoneOffset.UTC));
        outbox = storage.outboxStore();
        action = new ListDeadLettersAction(outbox);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private static Delivery delivery(String account, int i) {
        return new Delivery(account + "/alarm-" + i + "/" + T0 + "/arn:aws:sns:us-east-1:" + account + ":ops:s" + i,
                account, account + "/alarm-" + i, T0, "https", "arn:aws:sns:us-east-1:" + account + ":ops:s" + i,
                "{}", 10, T0, "HTTP 503 from https://hooks.example.com:443", T0);
    }

    private void kill(String account, int count) {
        List<Delivery> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(delivery(account, i));
        }
        outbox.enqueue(batch);
        for (int i = 0; i < count; i++) {
            outbox.kill(batch.get(i), "gave up after 10 attempts: HTTP 503", T0 + 1000L * (i + 1));
        }
    }

    @Test
    void listsTheCallersDeadLettersNewestFirstWithWhyTheyDied() {
        kill(ACCOUNT, 3);
        kill("999999999999", 2);
        ObjectNode out = Inputs.output(action, Inputs.context(), Inputs.query());
        JsonNode items = out.get("DeadLetters");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("Key").asText()).startsWith(ACCOUNT + "/alarm-2/");
        assertThat(items.get(0).get("Channel").asText()).isEqualTo("https");
        assertThat(items.get(0).get("Attempts").asInt()).isEqualTo(10);
        assertThat(items.get(0).get("Reason").asText()).isEqualTo("gave up after 10 attempts: HTTP 503");
        assertThat(out.has("NextToken")).isFalse();
    }

    @Test
    void pagesWithNextTokenUntilEveryDeadLetterWasSeenOnce() {
        kill(ACCOUNT, 5);
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            ObjectNode out = token == null
                    ? Inputs.output(action, Inputs.context(), Inputs.query("MaxRecords", "2"))
                    : Inputs.output(action, Inputs.context(), Inputs.query("MaxRecords", "2", "NextToken", token));
            out.get("DeadLetters").forEach(n -> seen.add(n.get("Key").asText()));
            token = out.has("NextToken") ? out.get("NextToken").asText() : null;
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void refusesAGarbageTokenAndAnOutOfRangeMaxRecords() {
        AwsError token = Inputs.error(action, Inputs.query("NextToken", "not-a-token"));
        assertThat(token.code()).isEqualTo("InvalidNextToken");
        AwsError max = Inputs.error(action, Inputs.query("MaxRecords", "101"));
        assertThat(max.code()).isEqualTo("ValidationError");
        assertThat(max.getMessage()).contains("less than or equal to 100");
    }
}
