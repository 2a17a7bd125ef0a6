package io.synaps.notify.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.synaps.model.alarm.AlarmState;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.notify.dispatch.Dispatcher;
import io.synaps.notify.dispatch.DispatcherConfig;
import io.synaps.notify.fixture.AlarmFixtures;
import io.synaps.store.metric.MutableClock;
import io.synaps.store.rocksdb.RocksDbStorage;
import io.synaps.store.rocksdb.RocksDbStorageConfig;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.synaps.notify.fixture.AlarmFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Alarm mail end to end: dispatcher, RocksDB outbox, EmailNotifier, a real SMTP server with auth. */
class EmailDeliveryTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
    private GreenMail mail;
    private RocksDbStorage storage;
    private Dispatcher dispatcher;

    @BeforeEach
    void open() {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "pw"));
        mail.start();
        storage = RocksDbStorage.open(dir, clock, new RocksDbStorageConfig(1 << 20, 8 << 20, 16));
        SmtpConfig smtp = new SmtpConfig("127.0.0.1", mail.getSmtp().getPort(), "alerts", "pw", "synaps@example.com",
                SmtpConfig.Tls.NONE, null, Duration.ofSeconds(5));
        dispatcher = new Dispatcher(DispatcherConfig.defaults("us-east-1", "http://synaps.example"),
                storage.alarmStore(), storage.topicStore(), storage.outboxStore(), List.of(new EmailNotifier(smtp)),
                clock, new SplittableRandom(1));
        dispatcher.recover();
    }

    @AfterEach
    void close() {
        dispatcher.close();
        storage.close();
        mail.stop();
    }

    @Test
    void anAlarmMailsEveryConfirmedEmailSubscriberOnceAndPendingOnesGetTheirConfirmation() throws Exception {
        Topic topic = AlarmFixtures.topic(storage.topicStore(), "ops");
        AlarmFixtures.subscribe(storage.topicStore(), topic, "a", "email", "oncall@example.com", true, null);
        AlarmFixtures.subscribe(storage.topicStore(), topic, "b", "email-json", "bot@example.com", true, null);
        Subscription pending = AlarmFixtures.subscribe(storage.topicStore(), topic, "c", "email", "new@example.com",
                false, null);
        AlarmTransition t = AlarmFixtures.transition(AlarmFixtures.cpuAlarm("cpu-high", List.of(topic.arn()),
                List.of()), AlarmState.ALARM, T0);
        AlarmFixtures.storeTransition(storage.alarmStore(), t);

        dispatcher.onTransition(t);
        dispatcher.onTransition(t);
        dispatcher.requestConfirmation(topic, pending);
        dispatcher.runDue();
        dispatcher.runDue();

        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(Arrays.stream(received).map(m -> {
            try {
                return m.getAllRecipients()[0] + " " + m.getSubject();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })).containsExactlyInAnyOrder(
                "oncall@example.com ALARM: \"cpu-high\" in US East (N. Virginia)",
                "bot@example.com ALARM: \"cpu-high\" in US East (N. Virginia)",
                "new@example.com " + AlarmEmail.CONFIRMATION_SUBJECT);
        MimeMessage alarmMail = Arrays.stream(received)
                .filter(m -> m.toString() != null && isTo(m, "oncall@example.com")).findFirst().orElseThrow();
        String text = (String) ((Multipart) alarmMail.getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("http://synaps.example/ui/#/alarms/cpu-high");
        assertThat(dispatcher.pending()).isZero();
    }

    private static boolean isTo(MimeMessage m, String address) {
        try {
            return m.getAllRecipients()[0].toString().equals(address);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
