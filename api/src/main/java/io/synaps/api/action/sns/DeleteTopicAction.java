package io.synaps.api.action.sns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.action.RequestContext;
import io.synaps.api.protocol.Members;

/**
 * DeleteTopicAction answers DeleteTopic: deletes the caller's topic, its subscriptions and its
 * tags. Deleting a topic that does not exist is not an error (AWS's documented behaviour). No
 * output. Thread-safe.
 */
final class DeleteTopicAction implements SnsAction {
    private final SnsTopics topics;

    DeleteTopicAction(SnsTopics topics) {
        this.topics = topics;
    }

    @Override
    public String name() {
        return "DeleteTopic";
    }

    @Override
    public ObjectNode answer(RequestContext context, Members in) {
        SnsArns.TopicArn arn = SnsArns.topic(in.string("TopicArn"), "TopicArn", context, topics.partition);
        SnsArns.requireOwner(context, arn, topics.partition, name());
        boolean deleted = topics.store.getTopic(arn.account(), arn.name())
                .filter(t -> t.arn().equals(arn.text()))
                .map(t -> topics.store.deleteTopic(arn.account(), arn.name()))
                .orElse(false);
        if (deleted) {
            topics.tags.deleteAll(arn.account(), arn.text());
        }
        return null;
    }
}
