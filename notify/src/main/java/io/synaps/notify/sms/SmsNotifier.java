package io.synaps.notify.sms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.notify.dispatch.DeliveryPayload;
import io.synaps.notify.dispatch.Notifier;
import io.synaps.notify.dispatch.Outcome;
import io.synaps.notify.webhook.HttpPoster;
import io.synaps.store.outbox.Delivery;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SmsNotifier delivers the {@code sms} protocol through an SMS gateway's HTTP API: a POST of
 * {@code {"to":"<E.164 number>","text":"<text>"}} with {@code Authorization: Bearer <token>}.
 * Alarm texts are {@code <STATE>: "<name>" in <region>: <reason>} cut to 160 characters;
 * published messages are sent as they are, cut to 1,600 (ten segments). Thread-safe.
 */
public final class SmsNotifier implements Notifier {
    /** The length of one SMS, in characters, that alarm texts are cut to. */
    public static final int ALARM_TEXT_LIMIT = 160;
    /** The length published messages are cut to. */
    public static final int MESSAGE_LIMIT = 1600;

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SmsGatewayConfig config;
    private final HttpPoster http;

    public SmsNotifier(SmsGatewayConfig config, HttpPoster http) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public Set<String> channels() {
        return Set.of("sms");
    }

    @Override
    public Outcome send(Delivery delivery) {
        DeliveryPayload p;
        try {
            p = DeliveryPayload.of(delivery);
        } catch (IllegalArgumentException e) {
            return Outcome.failed("the delivery payload is unreadable");
        }
        String to = p.endpoint() == null ? "" : p.endpoint().replaceAll("[\\s()-]", "");
        if (!E164.matcher(to).matches()) {
            return Outcome.failed("the endpoint is not an E.164 phone number");
        }
        ObjectNode body = MAPPER.createObjectNode();
        body.put("to", to);
        body.put("text", text(p));
        String json;
        try {
            json = MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return Outcome.failed("the SMS body did not serialize");
        }
        return http.post(config.url(), Map.of("Content-Type", "application/json; charset=utf-8",
                "Authorization", "Bearer " + config.token()), json);
    }

    /** The SMS text of a delivery. */
    public static String text(DeliveryPayload p) {
        if (DeliveryPayload.CONFIRMATION.equals(p.type())) {
            return cut("Confirm the subscription to " + p.topicArn() + ": " + p.subscribeUrl(), MESSAGE_LIMIT);
        }
        if (p.fromAlarm()) {
            DeliveryPayload.AlarmFacts a = p.alarm();
            return cut(a.state() + ": \"" + a.name() + "\" in " + a.regionName() + ": " + a.reason(), ALARM_TEXT_LIMIT);
        }
        return cut(p.message() == null ? "" : p.message(), MESSAGE_LIMIT);
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }
}
