package io.synaps.notify.dispatch;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.HistoryItemType;
import io.synaps.notify.email.EmailNotifier;
import io.synaps.notify.email.SmtpConfig;
import io.synaps.notify.fixture.AlarmFixtures;
import io.synaps.notify.fixture.HttpReceiver;
import io.synaps.notify.slack.SlackNotifier;
import io.synaps.notify.sms.SmsGatewayConfig;
import io.synaps.notify.sms.SmsNotifier;
import io.synaps.notify.webhook.HttpPoster;
import io.synaps.notify.webhook.WebhookNotifier;
import io.synaps.store.alarm.HistoryQuery;
import io.synaps.store.metric.MutableClock;
import io.synaps.store.outbox.DeadLetter;
import io.synaps.store.outbox.Delivery;
import io.synaps.store.rocksdb.RocksDbStorage;
import io.synaps.store.rocksdb.RocksDbStorageConfig;
import io.synaps.store.topic.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static io.synaps.notify.fixture.AlarmFixtures.ACCOUNT;
import static io.synaps.notify.fixture.AlarmFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

class NoSecretLeakTest {
    private static final String WEBHOOK_SECRET = "whsecLEAKCHECK1";
    private static final String SLACK_PATH_SECRET = "slackLEAKCHECK2";
    private static final String SMS_TOKEN = "smsLEAKCHECK3";
    private static final String SMTP_PASSWORD = "smtpLEAKCHECK4";
    private static final String THROWN_SECRET = "thrownLEAKCHECK5";
    private static final List<String> SECRETS = List.of(WEBHOOK_SECRET, SLACK_PATH_SECRET, SMS_TOKEN, SMTP_PASSWORD,
            THROWN_SECRET);

    @TempDir
    Path dir;

    /** A notifier whose exception message quotes a credential, as a careless client library might. */
    private static final class LeakyNotifier implements Notifier {
        @Override
        public Set<String> channels() {
            return Set.of("email-json");
        }

        @Override
        public Outcome send(Delivery delivery) {
            throw new IllegalStateException("login failed for password " + THROWN_SECRET);
        }
    }

    @Test
    void noSecretAppearsInOutcomesDeadLettersHistoryOrLogs() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
        GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "other"));
        mail.start();
        List<String> texts = new ArrayList<>();
        List<DeadLetter> dead;
        try (HttpReceiver receiver = HttpReceiver.start();
             RocksDbStorage storage = RocksDbStorage.open(dir, clock, new RocksDbStorageConfig(1 << 20, 8 << 20, 16))) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            receiver.respond("/hook", 500, 404).respond("/services/T1/B2/" + SLACK_PATH_SECRET, 404).respond("/sms", 401);
            HttpPoster http = new HttpPoster(Duration.ofSeconds(2), Duration.ofSeconds(2));
            SmtpConfig smtp = new SmtpConfig("127.0.0.1", mail.getSmtp().getPort(), "alerts", SMTP_PASSWORD,
                    "synaps@example.com", SmtpConfig.Tls.NONE, null, Duration.ofSeconds(5));
            List<Notifier> notifiers = List.of(new WebhookNotifier(storage.topicStore(), http), new SlackNotifier(http),
                    new SmsNotifier(new SmsGatewayConfig(URI.create(receiver.url("/sms")), SMS_TOKEN), http),
                    new LeakyNotifier(), new EmailNotifier(smtp));
            DispatcherConfig config = new DispatcherConfig(1, Duration.ofSeconds(1), Duration.ofSeconds(2), 3,
                    Duration.ofHours(1), "us-east-1", "http://synaps.example", "http://synaps.example/ui");
            Dispatcher dispatcher = new Dispatcher(config, storage.alarmStore(), storage.topicStore(),
                    storage.outboxStore(), notifiers, clock, new SplittableRandom(7));
            dispatcher.recover();
            texts.add(smtp.toString());

            Topic topic = AlarmFixtures.topic(storage.topicStore(), "ops");
            AlarmFixtures.subscribe(storage.topicStore(), topic, "w", "http", receiver.url("/hook"), true, WEBHOOK_SECRET);
            AlarmFixtures.subscribe(storage.topicStore(), topic, "s", "slack",
                    receiver.url("/services/T1/B2/" + SLACK_PATH_SECRET), true, null);
            AlarmFixtures.subscribe(storage.topicStore(), topic, "p", "sms", "+15551234567", true, null);
            AlarmFixtures.subscribe(storage.topicStore(), topic, "e", "email", "oncall@example.com", true, null);
            AlarmFixtures.subscribe(storage.topicStore(), topic, "x", "email-json", "bot@example.com", true, null);
            var t = AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()), List.of()),
                    AlarmState.ALARM, T0);
            AlarmFixtures.storeTransition(storage.alarmStore(), t);
            dispatcher.onTransition(t);
            for (int i = 0; i < 50 && dispatcher.nextDueMillis() != Long.MAX_VALUE; i++) {
                dispatcher.runDue();
                long next = dispatcher.nextDueMillis();
                if (next != Long.MAX_VALUE && next > clock.millis()) {
                    clock.set(Instant.ofEpochMilli(next));
                }
            }
            dispatcher.close();

            dead = storage.outboxStore().deadLetters(ACCOUNT, null, 100);
            for (DeadLetter d : dead) {
                texts.add(d.reason());
                texts.add(d.delivery().lastError());
            }
            for (AlarmHistoryItem item : storage.alarmStore().history(ACCOUNT, new HistoryQuery("cpu-high",
                    Set.of(AlarmType.MetricAlarm), HistoryItemType.Action, 0, Long.MAX_VALUE, false, null, 100)).items()) {
                texts.add(item.summary());
                texts.add(item.data());
            }
        } finally {
            System.setErr(originalErr);
            mail.stop();
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        texts.add(log);

        assertThat(dead).hasSize(5); // every channel failed for good, so every path ran
        assertThat(log).contains("failed for good").contains("will be retried").contains("threw java.lang.IllegalStateException");
        assertThat(String.join("\n", texts)).contains("refused the configured credentials")
                .contains("HTTP 401 from http://127.0.0.1:").contains("notifier failed (IllegalStateException)");
        for (String text : texts) {
            for (String secret : SECRETS) {
                assertThat(text).as("a text the dispatcher produced").doesNotContain(secret);
            }
        }
    }
}
