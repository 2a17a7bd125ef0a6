package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.store.topic.Subscription;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ConfirmSubscriptionAction answers ConfirmSubscription (TopicArn, Token,
 * AuthenticateOnUnsubscribe). Like AWS it needs no signature: the token is the proof, so the
 * topic's account comes from TopicArn (the SubscribeURL of a confirmation message is a plain GET).
 * A token that is not one of ours in form is {@code Invalid token}; a well-formed one that
 * matches no pending or confirmed subscription of the topic is {@code Invalid parameter: Token}.
 * Confirming twice answers the same ARN. AuthenticateOnUnsubscribe=true on a signed call makes
 * later unsubscribes need the owner's signature. Output {@code SubscriptionArn}. Thread-safe.
 */
final class ConfirmSubscriptionAction implements SnsAction {
    /** Subscription attribute: true when confirmed by a signed request (or at once for sms/slack). */
    static final String AUTHENTICATED = "ConfirmationWasAuthenticated";
    /** Stored (not shown) subscription attribute: unsubscribes need the owner's signature. */
    static final String AUTHENTICATE_ON_UNSUBSCRIBE = "AuthenticateOnUnsubscribe";
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{" + 2 * SnsTopics.TOKEN_BYTES + "}");
    private final SnsTopics topics;

    ConfirmSubscriptionAction(SnsTopics topics) {
        this.topics = topics;
    }

    @Override
    public String name() {
        return "ConfirmSubscription";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        SnsArns.TopicArn arn = SnsArns.topic(in.string("TopicArn"), "TopicArn", context, topics.partition);
        String token = SnsInput.required(in, "Token");
        boolean authenticateOnUnsubscribe = SnsInput.bool(in, AUTHENTICATE_ON_UNSUBSCRIBE, false);
        if (!TOKEN.matcher(token).matches()) {
            throw SnsErrors.invalidParameter("Invalid token");
        }
        if (topics.store.getTopic(arn.account(), arn.name()).filter(t -> t.arn().equals(arn.text())).isEmpty()) {
            throw SnsErrors.invalidParameter("Invalid parameter: Token");
        }
        byte[] wanted = token.getBytes(StandardCharsets.US_ASCII);
        Subscription s = topics.find(arn.account(), arn.text(), c -> c.token() != null
                && MessageDigest.isEqual(c.token().getBytes(StandardCharsets.US_ASCII), wanted));
        if (s == null) {
            throw SnsErrors.invalidParameter("Invalid parameter: Token");
        }
        if (!s.confirmed()) {
            boolean signed = !context.anonymous();
            Map<String, String> attributes = new HashMap<>(s.attributes());
            attributes.put(AUTHENTICATED, Boolean.toString(signed));
            if (signed && authenticateOnUnsubscribe) {
                attributes.put(AUTHENTICATE_ON_UNSUBSCRIBE, "true");
            }
            Subscription confirmed = new Subscription(s.arn(), s.accountId(), s.topicArn(), s.protocol(), s.endpoint(),
                    true, s.token(), s.secret(), attributes, s.createdMillis());
            try {
                topics.store.putSubscription(confirmed);
            } catch (IllegalArgumentException e) {
                throw SnsErrors.invalidParameter("Invalid parameter: Token"); // the topic went meanwhile
            }
        }
        return JsonNodeFactory.instance.objectNode().put("SubscriptionArn", s.arn());
    }
}
