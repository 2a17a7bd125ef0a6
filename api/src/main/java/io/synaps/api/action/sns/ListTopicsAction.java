package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;
import io.synaps.store.topic.Topic;

import java.util.List;

/**
 * ListTopicsAction answers ListTopics: the caller's topics by ARN, 100 a page, output
 * {@code Topics} [{TopicArn}] and {@code NextToken} when more follow. Thread-safe.
 */
final class ListTopicsAction implements SnsAction {
    private final SnsTopics topics;

    ListTopicsAction(SnsTopics topics) {
        this.topics = topics;
    }

    @Override
    public String name() {
        return "ListTopics";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        String after = SnsInput.after(in);
        List<Topic> page = topics.store.listTopics(context.accountId(), after, SnsTopics.PAGE + 1);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("Topics");
        int n = Math.min(page.size(), SnsTopics.PAGE);
        for (int i = 0; i < n; i++) {
            list.addObject().put("TopicArn", page.get(i).arn());
        }
        if (page.size() > SnsTopics.PAGE) {
            out.put("NextToken", SnsInput.token(page.get(n - 1).arn()));
        }
        return out;
    }
}
