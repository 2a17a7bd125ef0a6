package io.synaps.store.rocksdb;

import io.synaps.store.topic.Subscription;
import io.synaps.store.topic.Topic;

/**
 * TopicCodec encodes topics and subscriptions as the versioned binary values of the
 * {@code topics} and {@code subscriptions} column families (layout in the module README).
 * Subscription secrets and tokens are stored as they are: the database directory is as private as
 * the server's configuration. Stateless and thread-safe.
 */
final class TopicCodec {
    static final byte VERSION = 1;

    private TopicCodec() {
    }

    static byte[] encode(Topic topic) {
        return new RecordWriter(VERSION)
                .string(topic.accountId())
                .string(topic.name())
                .string(topic.arn())
                .map(topic.attributes())
                .writeLong(topic.createdMillis())
                .toByteArray();
    }

    static Topic decodeTopic(byte[] value) {
        RecordReader in = new RecordReader(value, VERSION, "topic");
        Topic topic = new Topic(in.required(), in.required(), in.required(), in.map(), in.readLong());
        in.end();
        return topic;
    }

    static byte[] encode(Subscription s) {
        return new RecordWriter(VERSION)
                .string(s.arn())
                .string(s.accountId())
                .string(s.topicArn())
                .string(s.protocol())
                .string(s.endpoint())
                .writeBoolean(s.confirmed())
                .string(s.token())
                .string(s.secret())
                .map(s.attributes())
                .writeLong(s.createdMillis())
                .toByteArray();
    }

    static Subscription decodeSubscription(byte[] value) {
        RecordReader in = new RecordReader(value, VERSION, "subscription");
        Subscription s = new Subscription(in.required(), in.required(), in.required(), in.required(), in.required(),
                in.readBoolean(), in.string(), in.string(), in.map(), in.readLong());
        in.end();
        return s;
    }
}
