package io.synaps.notify.dispatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmType;
import io.synaps.model.alarm.HistoryItemType;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * ActionHistory words the {@code Action} history items of alarm actions (reference 2.9):
 * {@code Successfully executed action <arn>} / {@code Failed to execute action <arn>. Reason: <detail>}
 * with HistoryData {@code {"actionState":"Succeeded"|"Failed","stateUpdateTimestamp":<epoch ms of the
 * transition>,"notificationResource":<arn>[,"subscriptionArn":..][,"result":<notifier's outcome>],"publishedMessage":..|"error":..}}.
 * Stateless and thread-safe.
 */
final class ActionHistory {
    private static final JsonFactory JSON = new JsonFactory();

    AlarmHistoryItem succeeded(DeliveryPayload.AlarmFacts alarm, String actionArn, String message,
                               String subscriptionArn, String result, long nowMillis) {
        return item(alarm, "Successfully executed action " + actionArn,
                data("Succeeded", alarm, actionArn, subscriptionArn, result, "publishedMessage", message), nowMillis);
    }

    AlarmHistoryItem failed(DeliveryPayload.AlarmFacts alarm, String actionArn, String message,
                            String subscriptionArn, String reason, long nowMillis) {
        String why = subscriptionArn == null ? reason : reason + " (subscription " + subscriptionArn + ")";
        return item(alarm, "Failed to execute action " + actionArn + ". Reason: " + why,
                data("Failed", alarm, actionArn, subscriptionArn, null, "error", why), nowMillis);
    }

    AlarmHistoryItem succeeded(DeliveryPayload p, String result, long nowMillis) {
        return succeeded(p.alarm(), p.actionArn(), p.message(), p.subscriptionArn(), result, nowMillis);
    }

    AlarmHistoryItem failed(DeliveryPayload p, String reason, long nowMillis) {
        return failed(p.alarm(), p.actionArn(), p.message(), p.subscriptionArn(), reason, nowMillis);
    }

    private static AlarmHistoryItem item(DeliveryPayload.AlarmFacts alarm, String summary, String data,
                                         long nowMillis) {
        AlarmType type = AlarmType.parse(alarm.type());
        return new AlarmHistoryItem(alarm.accountId(), alarm.name(), type == null ? AlarmType.MetricAlarm : type,
                HistoryItemType.Action, nowMillis, summary, data);
    }

    private static String data(String state, DeliveryPayload.AlarmFacts alarm, String actionArn,
                               String subscriptionArn, String result, String field, String value) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("actionState", state);
            g.writeNumberField("stateUpdateTimestamp", alarm.transitionMillis());
            g.writeStringField("notificationResource", actionArn);
            if (subscriptionArn != null) {
                g.writeStringField("subscriptionArn", subscriptionArn);
            }
            if (result != null) {
                g.writeStringField("result", result);
            }
            g.writeStringField(field, value);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
