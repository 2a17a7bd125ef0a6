package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.Action;
import io.synaps.api.action.Inputs;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.api.protocol.QueryFormParser;
import io.synaps.model.AwsError;
import io.synaps.store.tag.TagStore;
import io.synaps.store.topic.TopicDelivery;
import io.synaps.store.topic.TopicStore;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SnsCalls runs the SNS handlers on Query forms decoded by the real {@link QueryFormParser}, as
 * the transport hands them over ({@code Attributes.entry.1.key=...} maps, {@code .member.N} lists).
 */
final class SnsCalls {
    static final String ACCOUNT = Inputs.ACCOUNT;
    static final String OTHER = "210987654321";
    static final String REGION = "us-east-1";

    private final Map<String, Action> byName = new HashMap<>();

    SnsCalls(TopicStore topics, TopicDelivery delivery, TagStore tags) {
        List<Action> actions = SnsActions.create(topics, delivery, tags, "aws");
        for (Action a : actions) {
            assertThat(a.service()).isEqualTo(io.synaps.api.protocol.ApiService.SNS);
            byName.put(a.name(), a);
        }
    }

    static RequestContext context(String account) {
        return new RequestContext("req-1", account, "AKID" + account, REGION, Clock.fixed(Inputs.NOW, ZoneOffset.UTC));
    }

    static RequestContext anonymous() {
        return RequestContext.anonymous("req-1", REGION, Clock.fixed(Inputs.NOW, ZoneOffset.UTC));
    }

    /** A Query form (URL-encoded, without Action) as the handler sees it. */
    static Members form(String encoded) {
        return Members.root(new QueryFormParser().feed(encoded).tree());
    }

    Action action(String name) {
        Action a = byName.get(name);
        assertThat(a).as("SNS action %s", name).isNotNull();
        return a;
    }

    ObjectNode call(String name, String form) {
        return Inputs.output(action(name), context(ACCOUNT), form(form));
    }

    ObjectNode call(RequestContext context, String name, String form) {
        return Inputs.output(action(name), context, form(form));
    }

    AwsError error(String name, String form) {
        return Inputs.error(action(name), context(ACCOUNT), form(form));
    }

    AwsError error(RequestContext context, String name, String form) {
        return Inputs.error(action(name), context, form(form));
    }

    static String topicArn(String name) {
        return "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":" + name;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
