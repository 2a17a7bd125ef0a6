package io.synaps.notify.sns;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/**
 * SnsEnvelope is the JSON document SNS posts to http/https endpoints and mails to email-json
 * subscribers: {@code Type} ({@code Notification} or {@code SubscriptionConfirmation}),
 * {@code MessageId}, {@code Token} (confirmations), {@code TopicArn}, {@code Subject},
 * {@code Message}, {@code Timestamp} (ISO-8601 UTC with milliseconds), {@code SubscribeURL} or
 * {@code UnsubscribeURL}, and {@code MessageAttributes}. There is no AWS {@code Signature}:
 * Synaps signs the body with a per-subscription HMAC in a header instead. Nullable members are
 * left out. Immutable.
 */
public record SnsEnvelope(String type, String messageId, String token, String topicArn, String subject,
                          String message, long timestampMillis, String subscribeUrl, String unsubscribeUrl,
                          Map<String, String> attributes) {

    /** The {@code Type} of a message published to a topic. */
    public static final String NOTIFICATION = "Notification";
    /** The {@code Type} of a subscription confirmation request. */
    public static final String SUBSCRIPTION_CONFIRMATION = "SubscriptionConfirmation";

    private static final JsonFactory JSON = new JsonFactory();

    public SnsEnvelope {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(messageId, "messageId");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** SNS's Timestamp format, e.g. {@code 2012-05-02T00:54:06.655Z}. */
    public static String timestamp(long epochMillis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis));
    }

    /** The envelope as JSON text, members in SNS's order. */
    public String json() {
        StringWriter out = new StringWriter(512 + (message == null ? 0 : message.length()));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("Type", type);
            g.writeStringField("MessageId", messageId);
            if (token != null) {
                g.writeStringField("Token", token);
            }
            g.writeStringField("TopicArn", topicArn);
            if (subject != null) {
                g.writeStringField("Subject", subject);
            }
            g.writeStringField("Message", message);
            g.writeStringField("Timestamp", timestamp(timestampMillis));
            if (subscribeUrl != null) {
                g.writeStringField("SubscribeURL", subscribeUrl);
            }
            if (unsubscribeUrl != null) {
                g.writeStringField("UnsubscribeURL", unsubscribeUrl);
            }
            if (!attributes.isEmpty()) {
                g.writeObjectFieldStart("MessageAttributes");
                for (Map.Entry<String, String> a : new java.util.TreeMap<>(attributes).entrySet()) {
                    g.writeObjectFieldStart(a.getKey());
                    g.writeStringField("Type", "String");
                    g.writeStringField("Value", a.getValue());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
