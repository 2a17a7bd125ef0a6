package io.synaps.notify.email;

import io.synaps.notify.dispatch.DeliveryPayload;
import io.synaps.notify.dispatch.Notifier;
import io.synaps.notify.dispatch.Outcome;
import io.synaps.store.outbox.Delivery;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * EmailNotifier delivers the {@code email} and {@code email-json} protocols over SMTP with
 * Jakarta Mail (Angus): STARTTLS (required) or SMTPS or plain, and SMTP AUTH, per
 * {@link SmtpConfig}. {@code email} alarm mails are multipart/alternative (plain text and HTML,
 * see {@link AlarmEmail}); {@code email-json} mails carry the SNS envelope JSON as text.
 * Each mail's Message-ID derives from the delivery key, so a receiver can spot a duplicate.
 * Server replies 5xx fail the delivery; 4xx, connection problems and refused credentials are
 * retried. Outcome texts never quote the password or a server reply. Thread-safe (one SMTP
 * connection per send).
 */
public final class EmailNotifier implements Notifier {
    private final SmtpConfig config;
    private final Session session;
    private final String protocol;

    public EmailNotifier(SmtpConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.protocol = config.tls() == SmtpConfig.Tls.SMTPS ? "smtps" : "smtp";
        Properties props = new Properties();
        String prefix = "mail." + protocol + ".";
        String timeout = Long.toString(config.timeout().toMillis());
        props.put(prefix + "host", config.host());
        props.put(prefix + "port", Integer.toString(config.port()));
        props.put(prefix + "connectiontimeout", timeout);
        props.put(prefix + "timeout", timeout);
        props.put(prefix + "writetimeout", timeout);
        props.put(prefix + "auth", Boolean.toString(config.authenticates()));
        if (config.tls() == SmtpConfig.Tls.STARTTLS) {
            props.put(prefix + "starttls.enable", "true");
            props.put(prefix + "starttls.required", "true");
        }
        if (config.trustHosts() != null) {
            // The operator vouches for these hosts' certificates (self-signed, no matching name).
            props.put(prefix + "ssl.trust", config.trustHosts());
            props.put(prefix + "ssl.checkserveridentity", "false");
        } else if (config.tls() != SmtpConfig.Tls.NONE) {
            props.put(prefix + "ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(props);
    }

    @Override
    public Set<String> channels() {
        return Set.of("email", "email-json");
    }

    @Override
    public Outcome send(Delivery delivery) {
        DeliveryPayload p;
        try {
            p = DeliveryPayload.of(delivery);
        } catch (IllegalArgumentException e) {
            return Outcome.failed("the delivery payload is unreadable");
        }
        String where = config.host() + ":" + config.port();
        MimeMessage mail;
        try {
            mail = compose(delivery, p);
        } catch (AddressException e) {
            return Outcome.failed("the endpoint is not an email address");
        } catch (MessagingException | UnsupportedEncodingException e) {
            return Outcome.failed("the mail could not be composed (" + e.getClass().getSimpleName() + ")");
        }
        Transport transport = null;
        try {
            transport = session.getTransport(protocol);
            if (config.authenticates()) {
                transport.connect(config.host(), config.port(), config.user(), config.password());
            } else {
                transport.connect(config.host(), config.port(), null, null);
            }
            transport.sendMessage(mail, mail.getAllRecipients());
            return Outcome.delivered("accepted by the SMTP server " + where);
        } catch (AuthenticationFailedException e) {
            return Outcome.retry("the SMTP server " + where + " refused the configured credentials");
        } catch (MessagingException e) {
            return classify(e, where);
        } finally {
            closeQuietly(transport);
        }
    }

    /** A failed QUIT after an accepted mail must not turn a delivery into a retry (and a second mail). */
    private static void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            // the mail, if accepted, stays accepted
        }
    }

    private MimeMessage compose(Delivery delivery, DeliveryPayload p) throws MessagingException,
            UnsupportedEncodingException {
        String id = "<" + UUID.nameUUIDFromBytes(delivery.key().getBytes(StandardCharsets.UTF_8)) + "@synaps>";
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", id);
            }
        };
        InternetAddress from = new InternetAddress(config.from(), true);
        if (p.displayName() != null && !p.displayName().isBlank()) {
            from.setPersonal(p.displayName(), "UTF-8");
        }
        m.setFrom(from);
        m.setRecipients(Message.RecipientType.TO, new InternetAddress[]{new InternetAddress(p.endpoint(), true)});
        m.setSubject(AlarmEmail.subject(p), "UTF-8");
        m.setSentDate(new Date(p.timestampMillis()));
        m.setHeader("X-Synaps-Idempotency-Key", asciiKey(delivery.key()));
        if (p.topicArn() != null) {
            m.setHeader("X-Synaps-Topic-Arn", p.topicArn());
        }
        if ("email-json".equals(delivery.channel())) {
            m.setText(p.envelope().json(), "UTF-8");
            return m;
        }
        if (!p.fromAlarm() && !DeliveryPayload.CONFIRMATION.equals(p.type())) {
            m.setText(AlarmEmail.text(p), "UTF-8");
            return m;
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText(AlarmEmail.text(p), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(AlarmEmail.html(p), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        m.setContent(alternative);
        return m;
    }

    /** SMTP replies: 5xx is permanent, anything else (4xx, I/O) worth a retry. Never quotes the reply text. */
    private static Outcome classify(MessagingException e, String where) {
        for (Exception x = e; x != null; x = x instanceof MessagingException me ? me.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException a) {
                return byCode(a.getReturnCode(), "the SMTP server " + where + " refused the recipient");
            }
            if (x instanceof SMTPSenderFailedException s) {
                return byCode(s.getReturnCode(), "the SMTP server " + where + " refused the sender address");
            }
            if (x instanceof SMTPSendFailedException s) {
                return byCode(s.getReturnCode(), "the SMTP server " + where + " refused the mail");
            }
        }
        if (e instanceof SendFailedException) {
            return Outcome.failed("the SMTP server " + where + " refused the mail");
        }
        Throwable cause = e.getCause();
        if (cause instanceof ConnectException) {
            return Outcome.retry("could not connect to the SMTP server " + where);
        }
        if (cause instanceof SocketTimeoutException) {
            return Outcome.retry("the SMTP server " + where + " did not answer in time");
        }
        if (cause instanceof IOException io) {
            return Outcome.retry("I/O error talking to the SMTP server " + where + " (" + io.getClass().getSimpleName() + ")");
        }
        String text = String.valueOf(e.getMessage());
        if (text.contains("STARTTLS")) {
            return Outcome.retry("the SMTP server " + where + " does not offer STARTTLS, which is required");
        }
        return Outcome.retry("SMTP error with " + where + " (" + e.getClass().getSimpleName() + ")");
    }

    private static Outcome byCode(int code, String text) {
        String withCode = text + " (" + code + ")";
        return code >= 500 && code < 600 ? Outcome.failed(withCode) : Outcome.retry(withCode);
    }

    private static String asciiKey(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            out.append(c >= 0x20 && c < 0x7f && c != '%' ? Character.toString(c) : String.format("%%%02X", c));
        }
        return out.toString();
    }
}
