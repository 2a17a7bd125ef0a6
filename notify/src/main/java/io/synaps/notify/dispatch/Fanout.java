package io.synaps.notify.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.model.Dimension;
import io.synaps.model.alarm.Alarm;
import io.synaps.model.alarm.AlarmHistoryItem;
import io.synaps.model.alarm.AlarmTransition;
import io.synaps.model.alarm.MetricAlarm;
import io.synaps.notify.nova.NovaPayload;
import io.synaps.notify.sns.AlarmMessage;
import io.synaps.notify.sns.RegionNames;
import io.synaps.store.outbox.Delivery;
import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;
import io.synaps.store.topic.TopicStore;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Fanout turns an alarm transition, a Publish or a confirmation request into outbox deliveries:
 * one per confirmed subscription of each topic action, one per other action. Keys follow the
 * design: {@code <account>/<alarm>/<transitionMillis>/<target>} in order group
 * {@code <account>/<alarm>/<target>} for alarm actions, {@code <messageId>/<subscriptionArn>}
 * (its own group) for Publish and confirmations. Thread-safe (stateless apart from its ports).
 */
final class Fanout {
    private static final int PAGE = 100;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DispatcherConfig config;
    private final TopicStore topics;
    private final ActionHistory history;

    Fanout(DispatcherConfig config, TopicStore topics, ActionHistory history) {
        this.config = config;
        this.topics = topics;
        this.history = history;
    }

    /**
     * What a transition leads to: deliveries, and history items for actions that end at once (a
     * topic that is gone, a topic without confirmed subscribers).
     */
    record Result(List<Delivery> deliveries, List<AlarmHistoryItem> history) {
    }

    Result forTransition(AlarmTransition t, long nowMillis) {
        Alarm alarm = t.alarm();
        List<Delivery> out = new ArrayList<>();
        List<AlarmHistoryItem> done = new ArrayList<>();
        if (!t.actionsDue()) {
            return new Result(out, done);
        }
        AlarmMessage message = AlarmMessage.of(t, config.region());
        DeliveryPayload.AlarmFacts facts = facts(t);
        for (String arn : alarm.actions().forState(alarm.status().value())) {
            ActionTargets.TopicRef ref = ActionTargets.topic(arn);
            if (ref == null) {
                String channel = ActionTargets.channel(arn);
                DeliveryPayload p = new DeliveryPayload(DeliveryPayload.ACTION, messageId(t, arn), t.timestampMillis(),
                        null, null, null, null, null, null, message.subject(), message.json(), Map.of(), null, null,
                        null, arn, facts);
                String json = channel.equals(ActionTargets.NOVA) ? merged(NovaPayload.of(t, arn).toJson(), p.toJson())
                        : p.toJson();
                out.add(alarmDelivery(t, arn, channel, json, nowMillis));
                continue;
            }
            Optional<Topic> topic = topics.getTopic(ref.accountId(), ref.name());
            if (topic.isEmpty() || !topic.get().arn().equals(arn)) {
                done.add(history.failed(facts, arn, message.json(), null, "Topic " + arn + " does not exist", nowMillis));
                continue;
            }
            List<Subscription> subs = confirmed(topic.get());
            if (subs.isEmpty()) {
                // SNS accepts a publish to a topic without subscribers: the action succeeded.
                done.add(history.succeeded(facts, arn, message.json(), null, "the topic has no confirmed subscriptions",
                        nowMillis));
                continue;
            }
            String messageId = messageId(t, arn);
            for (Subscription s : subs) {
                DeliveryPayload p = topicPayload(DeliveryPayload.NOTIFICATION, messageId, t.timestampMillis(),
                        topic.get(), s, message.subject(), message.json(), Map.of(), arn, facts);
                out.add(alarmDelivery(t, s.arn(), s.protocol(), p.toJson(), nowMillis));
            }
        }
        return new Result(out, done);
    }

    List<Delivery> forPublish(Topic topic, String messageId, String subject, String message,
                              Map<String, String> attributes, long nowMillis) {
        List<Delivery> out = new ArrayList<>();
        for (Subscription s : confirmed(topic)) {
            DeliveryPayload p = topicPayload(DeliveryPayload.NOTIFICATION, messageId, nowMillis, topic, s, subject,
                    message, attributes, null, null);
            String key = messageId + "/" + s.arn();
            out.add(new Delivery(key, topic.accountId(), key, nowMillis, s.protocol(), s.arn(), p.toJson(), 0,
                    nowMillis, null, nowMillis));
        }
        return out;
    }

    Delivery forConfirmation(Topic topic, Subscription s, String messageId, long nowMillis) {
        String text = "You have chosen to subscribe to the topic " + topic.arn()
                + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
        DeliveryPayload p = topicPayload(DeliveryPayload.CONFIRMATION, messageId, nowMillis, topic, s, null, text,
                Map.of(), null, null);
        String key = messageId + "/" + s.arn();
        return new Delivery(key, s.accountId(), key, nowMillis, s.protocol(), s.arn(), p.toJson(), 0, nowMillis,
                null, nowMillis);
    }

    private DeliveryPayload topicPayload(String type, String messageId, long timestampMillis, Topic topic,
                                         Subscription s, String subject, String message,
                                         Map<String, String> attributes, String actionArn,
                                         DeliveryPayload.AlarmFacts facts) {
        boolean raw = "true".equalsIgnoreCase(s.attributes().get("RawMessageDelivery"));
        String subscribeUrl = DeliveryPayload.CONFIRMATION.equals(type) ? config.publicUrl()
                + "/?Action=ConfirmSubscription&TopicArn=" + encode(topic.arn()) + "&Token=" + encode(s.token())
                : null;
        String unsubscribeUrl = config.publicUrl() + "/?Action=Unsubscribe&SubscriptionArn=" + encode(s.arn());
        return new DeliveryPayload(type, messageId, timestampMillis, topic.arn(), s.arn(), s.protocol(), s.endpoint(),
                topic.attributes().get("DisplayName"), raw ? Boolean.TRUE : null, subject, message, attributes,
                DeliveryPayload.CONFIRMATION.equals(type) ? s.token() : null, subscribeUrl, unsubscribeUrl,
                actionArn, facts);
    }

    private static Delivery alarmDelivery(AlarmTransition t, String target, String channel, String payload,
                                          long nowMillis) {
        Alarm a = t.alarm();
        String key = t.key() + "/" + target;
        String orderKey = a.accountId() + "/" + a.name() + "/" + target;
        return new Delivery(key, a.accountId(), orderKey, t.timestampMillis(), channel, target, payload, 0,
                nowMillis, null, nowMillis);
    }

    private DeliveryPayload.AlarmFacts facts(AlarmTransition t) {
        Alarm a = t.alarm();
        String region = AlarmMessage.regionOf(a, config.region());
        Map<String, String> dims = new LinkedHashMap<>();
        if (a instanceof MetricAlarm m) {
            for (Dimension d : m.metric().dimensions()) {
                dims.put(d.name(), d.value());
            }
        }
        return new DeliveryPayload.AlarmFacts(a.accountId(), a.name(), a.arn(), a.type().name(), region,
                RegionNames.longName(region), a.status().value().name(), t.previous().value().name(),
                a.status().reason(), a.status().reasonData(), t.timestampMillis(), dims,
                config.dashboardUrl() + "/#/alarms/" + encode(a.name()));
    }

    /**
     * One JSON object with the members of both: the Nova notifier reads its {@link NovaPayload}
     * members, the dispatcher its {@link DeliveryPayload} ones (each ignores the other's).
     */
    private static String merged(String novaJson, String deliveryJson) {
        try {
            ObjectNode out = (ObjectNode) MAPPER.readTree(novaJson);
            MAPPER.readTree(deliveryJson).properties().forEach(e -> out.set(e.getKey(), e.getValue()));
            return MAPPER.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a nova payload did not merge", e);
        }
    }

    /** The same id for every subscriber of one alarm publish, stable across restarts (reconciliation). */
    private static String messageId(AlarmTransition t, String actionArn) {
        return UUID.nameUUIDFromBytes((t.key() + "/" + actionArn).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private List<Subscription> confirmed(Topic topic) {
        List<Subscription> out = new ArrayList<>();
        String after = null;
        while (true) {
            List<Subscription> page = topics.listSubscriptions(topic.accountId(), topic.arn(), after, PAGE);
            for (Subscription s : page) {
                if (s.confirmed()) {
                    out.add(s);
                }
            }
            if (page.size() < PAGE) {
                return out;
            }
            after = page.get(page.size() - 1).arn();
        }
    }

    static String encode(String s) {
        return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
