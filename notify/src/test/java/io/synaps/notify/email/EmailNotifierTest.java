package io.synaps.notify.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.synaps.model.alarm.AlarmState;
import io.synaps.notify.dispatch.Outcome;
import io.synaps.notify.fixture.Payloads;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmailNotifierTest {
    private static final String PASSWORD = "smtp-pw-S3CRET";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GreenMail mail;

    @BeforeEach
    void startMailServer() {
        mail = new GreenMail(new ServerSetup[]{
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)})
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", PASSWORD));
        mail.start();
    }

    @AfterEach
    void stopMailServer() {
        mail.stop();
    }

    private SmtpConfig plain(String user, String password) {
        return new SmtpConfig("127.0.0.1", mail.getSmtp().getPort(), user, password, "synaps@example.com",
                SmtpConfig.Tls.NONE, null, Duration.ofSeconds(5));
    }

    @Test
    void alarmMailIsPlainTextAndHtmlWithReasonDatapointsAndDashboardLink() throws Exception {
        EmailNotifier notifier = new EmailNotifier(plain("alerts", PASSWORD));

        Outcome outcome = notifier.send(Payloads.alarm("email", "oncall@example.com", AlarmState.ALARM));

        assertThat(outcome.status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(outcome.detail()).isEqualTo("accepted by the SMTP server 127.0.0.1:" + mail.getSmtp().getPort());
        MimeMessage[] received = mail.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("ALARM: \"cpu-high\" in US East (N. Virginia)");
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("synaps@example.com");
        assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("Ops");
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("oncall@example.com");
        assertThat(m.getHeader("X-Synaps-Idempotency-Key")[0]).endsWith("/arn:aws:sns:us-east-1:123456789012:ops:s1");
        assertThat(m.getMessageID()).endsWith("@synaps>");

        Multipart parts = (Multipart) m.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain");
        assertThat(html.getContentType()).startsWith("text/html");
        String t = (String) text.getContent();
        assertThat(t).contains("You are receiving this email because your Amazon CloudWatch Alarm \"cpu-high\" in the "
                + "US East (N. Virginia) region has entered the ALARM state, because \"Threshold Crossed: 1 datapoint "
                + "[91.5 (03/01/24 11:35:00)] was greater than the threshold (80.0).\" at \"Wednesday 03 January, "
                + "2024 11:36:00 UTC\".");
        assertThat(t).contains("http://synaps.example/ui/#/alarms/cpu-high");
        assertThat(t).contains("- State Change:").contains("INSUFFICIENT_DATA -> ALARM");
        assertThat(t).contains("2024-01-03T11:35:00.000+0000: 91.5");
        assertThat(t).contains("GreaterThanThreshold 80.0");
        assertThat(t).contains("[InstanceId = i-0abc]");
        String h = (String) html.getContent();
        assertThat(h).contains("<a href=\"http://synaps.example/ui/#/alarms/cpu-high\">")
                .contains("#d13212").contains("<li>2024-01-03T11:35:00.000+0000: 91.5</li>");
    }

    @Test
    void emailJsonSendsTheSnsEnvelope() throws Exception {
        EmailNotifier notifier = new EmailNotifier(plain(null, null));

        assertThat(notifier.send(Payloads.alarm("email-json", "bot@example.com", AlarmState.OK)).status())
                .isEqualTo(Outcome.Status.DELIVERED);

        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getContentType()).startsWith("text/plain");
        JsonNode envelope = MAPPER.readTree((String) m.getContent());
        assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
        assertThat(envelope.get("TopicArn").asText()).isEqualTo(Payloads.TOPIC);
        assertThat(MAPPER.readTree(envelope.get("Message").asText()).get("NewStateValue").asText()).isEqualTo("OK");
    }

    @Test
    void confirmationMailCarriesTheConfirmLink() throws Exception {
        EmailNotifier notifier = new EmailNotifier(plain(null, null));

        notifier.send(Payloads.confirmation("email", "new@example.com"));

        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo(AlarmEmail.CONFIRMATION_SUBJECT);
        Multipart parts = (Multipart) m.getContent();
        assertThat((String) parts.getBodyPart(0).getContent())
                .contains("http://synaps.example/?Action=ConfirmSubscription&TopicArn=t&Token=tok-1");
        assertThat((String) parts.getBodyPart(1).getContent())
                .contains("<a href=\"http://synaps.example/?Action=ConfirmSubscription&amp;TopicArn=t&amp;Token=tok-1\">");
    }

    @Test
    void publishedMessagesAreSentAsTheyAreWithTheDefaultSubject() throws Exception {
        EmailNotifier notifier = new EmailNotifier(plain(null, null));

        notifier.send(Payloads.publish("email", "ops@example.com", null, "disk <full> & more"));

        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo(AlarmEmail.DEFAULT_SUBJECT);
        assertThat((String) m.getContent()).startsWith("disk <full> & more").contains("Action=Unsubscribe");
    }

    @Test
    void refusedCredentialsAreRetriedAndNeverQuoted() {
        EmailNotifier notifier = new EmailNotifier(plain("alerts", "wrong-" + PASSWORD));

        Outcome outcome = notifier.send(Payloads.alarm("email", "oncall@example.com", AlarmState.ALARM));

        assertThat(outcome.status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(outcome.detail()).contains("refused the configured credentials").doesNotContain(PASSWORD);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void smtpsWithATrustedCertificateDelivers() throws Exception {
        SmtpConfig tls = new SmtpConfig("127.0.0.1", mail.getSmtps().getPort(), "alerts", PASSWORD,
                "synaps@example.com", SmtpConfig.Tls.SMTPS, "*", Duration.ofSeconds(5));
        EmailNotifier notifier = new EmailNotifier(tls);

        Outcome outcome = notifier.send(Payloads.alarm("email", "oncall@example.com", AlarmState.ALARM));

        assertThat(outcome.status()).isEqualTo(Outcome.Status.DELIVERED);
        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void smtpsWithAnUntrustedCertificateIsRetriedNotSentInTheClear() {
        SmtpConfig tls = new SmtpConfig("127.0.0.1", mail.getSmtps().getPort(), "alerts", PASSWORD,
                "synaps@example.com", SmtpConfig.Tls.SMTPS, null, Duration.ofSeconds(5));

        Outcome outcome = new EmailNotifier(tls).send(Payloads.alarm("email", "oncall@example.com", AlarmState.ALARM));

        assertThat(outcome.status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(outcome.detail()).doesNotContain(PASSWORD);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void requiredStartTlsIsNeverSkippedWhenTheServerDoesNotOfferIt() {
        // GreenMail's SMTP offers no STARTTLS: the mail (and the password) must not go out in the clear.
        SmtpConfig startTls = new SmtpConfig("127.0.0.1", mail.getSmtp().getPort(), "alerts", PASSWORD,
                "synaps@example.com", SmtpConfig.Tls.STARTTLS, null, Duration.ofSeconds(5));

        Outcome outcome = new EmailNotifier(startTls).send(Payloads.alarm("email", "oncall@example.com",
                AlarmState.ALARM));

        assertThat(outcome.status()).isEqualTo(Outcome.Status.RETRY);
        assertThat(outcome.detail()).isEqualTo("the SMTP server 127.0.0.1:" + mail.getSmtp().getPort()
                + " does not offer STARTTLS, which is required");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aMalformedAddressFailsForGood() {
        Outcome outcome = new EmailNotifier(plain(null, null)).send(Payloads.alarm("email", "not an address",
                AlarmState.ALARM));

        assertThat(outcome).isEqualTo(Outcome.failed("the endpoint is not an email address"));
    }

    @Test
    void anUnreachableServerIsRetried() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        SmtpConfig config = new SmtpConfig("127.0.0.1", closed, "alerts", PASSWORD, "synaps@example.com",
                SmtpConfig.Tls.NONE, null, Duration.ofSeconds(2));

        Outcome outcome = new EmailNotifier(config).send(Payloads.alarm("email", "oncall@example.com", AlarmState.ALARM));

        assertThat(outcome).isEqualTo(Outcome.retry("could not connect to the SMTP server 127.0.0.1:" + closed));
    }

    @Test
    void configFromTheEnvironmentHidesThePassword() {
        SmtpConfig c = SmtpConfig.fromEnvironment(Map.of("SYNAPS_SMTP_HOST", "mail.example.com",
                "SYNAPS_SMTP_USER", "alerts", "SYNAPS_SMTP_PASSWORD", PASSWORD)).orElseThrow();

        assertThat(c.port()).isEqualTo(587);
        assertThat(c.tls()).isEqualTo(SmtpConfig.Tls.STARTTLS);
        assertThat(c.from()).isEqualTo("synaps@mail.example.com");
        assertThat(c.toString()).doesNotContain(PASSWORD).contains("****");
        assertThat(SmtpConfig.fromEnvironment(Map.of("SYNAPS_SMTP_HOST", "m", "SYNAPS_SMTP_PORT", "465"))
                .orElseThrow().tls()).isEqualTo(SmtpConfig.Tls.SMTPS);
        assertThat(SmtpConfig.fromEnvironment(Map.of("SYNAPS_SMTP_HOST", "m", "SYNAPS_SMTP_STARTTLS", "false"))
                .orElseThrow().tls()).isEqualTo(SmtpConfig.Tls.NONE);
        assertThat(SmtpConfig.fromEnvironment(Map.of())).isEmpty();
    }
}
