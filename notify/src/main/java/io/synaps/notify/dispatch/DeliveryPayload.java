package io.synaps.notify.dispatch;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.synaps.notify.sns.SnsEnvelope;
import io.synaps.store.outbox.Delivery;

import java.util.Map;
import java.util.Objects;

/**
 * DeliveryPayload is the JSON the dispatcher stores as a {@link Delivery#payload()} and every
 * notifier reads back. {@code type} is {@link #NOTIFICATION} (a topic message, from an alarm or
 * from Publish), {@link #CONFIRMATION} (a subscription confirmation request) or {@link #ACTION}
 * (an alarm action that is not a topic, e.g. a Nova action). Topic deliveries carry the topic
 * and subscription fields ({@code endpoint} is the subscription's address); alarm deliveries
 * carry {@code actionArn} (the alarm action: topic or automate ARN) and {@code alarm}; for
 * those {@code message} is the SNS alarm message JSON (reference 2.7). It never holds a secret:
 * notifiers look webhook secrets up and take passwords and tokens from their config.
 * {@code timestampMillis} is epoch milliseconds (the transition time for alarm deliveries).
 * Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeliveryPayload(String type, String messageId, long timestampMillis, String topicArn,
                              String subscriptionArn, String protocol, String endpoint, String displayName,
                              Boolean rawMessageDelivery, String subject, String message,
                              Map<String, String> attributes, String token, String subscribeUrl,
                              String unsubscribeUrl, String actionArn, AlarmFacts alarm) {

    /** A message to a topic's subscriber. */
    public static final String NOTIFICATION = SnsEnvelope.NOTIFICATION;
    /** A SubscriptionConfirmation request to a pending subscriber. */
    public static final String CONFIRMATION = SnsEnvelope.SUBSCRIPTION_CONFIRMATION;
    /** An alarm action run directly (no topic), e.g. a Nova server action. */
    public static final String ACTION = "Action";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public DeliveryPayload {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(messageId, "messageId");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /**
     * AlarmFacts is what a channel needs of the alarm behind a delivery beyond the SNS message:
     * account, name, ARN, type (MetricAlarm or CompositeAlarm), region code and long name, the
     * new and previous state, the reason and its StateReasonData JSON (recent datapoints; may be
     * null), the transition time (epoch ms), the metric's dimensions by name (empty for
     * composites) and the dashboard link of the alarm. Immutable.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AlarmFacts(String accountId, String name, String arn, String type, String region,
                             String regionName, String state, String previousState, String reason,
                             String reasonData, long transitionMillis, Map<String, String> dimensions,
                             String dashboardUrl) {
        public AlarmFacts {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(name, "name");
            dimensions = dimensions == null ? Map.of() : Map.copyOf(dimensions);
        }
    }

    /** The payload as JSON text. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a delivery payload did not serialize", e);
        }
    }

    /**
     * The payload of a delivery.
     *
     * @throws IllegalArgumentException when the payload is not a DeliveryPayload JSON
     */
    public static DeliveryPayload of(Delivery delivery) {
        return parse(delivery.payload());
    }

    /**
     * A payload from its JSON text.
     *
     * @throws IllegalArgumentException when the text is not a DeliveryPayload JSON
     */
    public static DeliveryPayload parse(String json) {
        try {
            return MAPPER.readValue(json, DeliveryPayload.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a delivery payload: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Whether this delivery runs an alarm action (it carries {@link #alarm()}). */
    public boolean fromAlarm() {
        return alarm != null;
    }

    /** The SNS envelope of a topic delivery (http/https bodies, email-json mails). */
    public SnsEnvelope envelope() {
        boolean confirmation = CONFIRMATION.equals(type);
        return new SnsEnvelope(confirmation ? SnsEnvelope.SUBSCRIPTION_CONFIRMATION : SnsEnvelope.NOTIFICATION,
                messageId, confirmation ? token : null, topicArn, confirmation ? null : subject, message,
                timestampMillis, confirmation ? subscribeUrl : null, confirmation ? null : unsubscribeUrl,
                attributes);
    }
}
