package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * TopicTagsAction answers SNS's TagResource, UntagResource and ListTagsForResource on the
 * caller's topics (ResourceArn a topic ARN; an unknown topic is ResourceNotFound
 * {@code Resource does not exist}). TagResource merges (at most 50 tags after the merge:
 * TagLimitExceeded), UntagResource ignores keys the topic lacks, ListTagsForResource lists
 * {@code Tags} [{Key, Value}] by key. Tag and untag output an empty structure. Changes to one
 * topic's tags are serialized by a striped lock, so concurrent calls cannot pass the limit.
 * Thread-safe.
 */
final class TopicTagsAction implements SnsAction {
    /** Which of the three operations. */
    enum Kind { TAG, UNTAG, LIST }

    private static final int STRIPES = 64;
    private static final ReentrantLock[] LOCKS = new ReentrantLock[STRIPES];

    static {
        for (int i = 0; i < STRIPES; i++) {
            LOCKS[i] = new ReentrantLock();
        }
    }

    private final SnsTopics topics;
    private final Kind kind;

    TopicTagsAction(SnsTopics topics, Kind kind) {
        this.topics = topics;
        this.kind = kind;
    }

    @Override
    public String name() {
        return switch (kind) {
            case TAG -> "TagResource";
            case UNTAG -> "UntagResource";
            case LIST -> "ListTagsForResource";
        };
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        String text = in.string("ResourceArn");
        if (text != null && text.length() > 1011) {
            throw AwsError.validation("1 validation error detected: Value '" + text
                    + "' at 'resourceArn' failed to satisfy constraint: Member must have length less than or equal to 1011");
        }
        SnsArns.TopicArn arn = SnsArns.topic(text, "ResourceArn", context, topics.partition);
        Map<String, String> add = kind == Kind.TAG ? SnsTags.read(in, "Tags") : Map.of();
        if (kind == Kind.TAG && add.isEmpty()) {
            throw SnsErrors.required("Tags");
        }
        List<String> remove = kind == Kind.UNTAG ? keys(in) : List.of();
        SnsArns.requireOwner(context, arn, topics.partition, name());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ReentrantLock lock = LOCKS[Math.floorMod(arn.text().hashCode(), STRIPES)];
        lock.lock();
        try {
            if (topics.store.getTopic(arn.account(), arn.name()).filter(t -> t.arn().equals(arn.text())).isEmpty()) {
                throw SnsErrors.resourceNotFound("Resource does not exist");
            }
            switch (kind) {
                case TAG -> {
                    Map<String, String> merged = new TreeMap<>(topics.tags.get(arn.account(), arn.text()));
                    merged.putAll(add);
                    if (merged.size() > SnsTags.MAX_TAGS) {
                        throw SnsErrors.tagLimitExceeded(SnsTags.LIMIT_MESSAGE);
                    }
                    topics.tags.put(arn.account(), arn.text(), add);
                }
                case UNTAG -> topics.tags.remove(arn.account(), arn.text(), remove);
                case LIST -> {
                    ArrayNode list = out.putArray("Tags");
                    new TreeMap<>(topics.tags.get(arn.account(), arn.text()))
                            .forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }

    private static List<String> keys(Members in) {
        List<Members> items = in.list("TagKeys");
        if (items.isEmpty()) {
            throw SnsErrors.required("TagKeys");
        }
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String k = items.get(i).asString();
            if (k == null || k.isEmpty() || k.length() > SnsTags.KEY_MAX) {
                throw AwsError.validation("1 validation error detected: Value '" + k + "' at 'tagKeys." + (i + 1)
                        + ".member' failed to satisfy constraint: Member must have length "
                        + (k == null || k.isEmpty() ? "greater than or equal to 1" : "less than or equal to " + SnsTags.KEY_MAX));
            }
            out.add(k);
        }
        return out;
    }
}
