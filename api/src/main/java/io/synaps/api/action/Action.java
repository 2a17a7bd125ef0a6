package io.synaps.api.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.protocol.ApiService;
import io.synaps.api.protocol.Members;

import java.util.concurrent.CompletableFuture;

/**
 * Action is the protocol-blind handler of one operation of a served API ({@link #service()}:
 * CloudWatch, or SNS for the topic actions). It reads its input members
 * (already decoded from Query, JSON or CBOR), validates them with AWS's codes and messages, and
 * returns its output members, which the protocol layer renders.
 *
 * <p>Output conventions: member names are the model's (PascalCase), object field order is the
 * order written in XML; lists are {@code ArrayNode}s (rendered as {@code <member>} in XML);
 * timestamps are {@link io.synaps.api.protocol.Output#timestamp} nodes; integers are int/long
 * nodes and doubles are double nodes. An operation without output returns null.
 *
 * <p>Errors: throw or complete exceptionally with {@link io.synaps.model.AwsError}. Handlers run
 * on worker threads, never on the network event loop, and may block briefly on the store.
 */
public interface Action {

    /** The operation name, e.g. {@code PutMetricData}. */
    String name();

    /** The API the operation belongs to; CloudWatch unless the action says otherwise (SNS). */
    default ApiService service() {
        return ApiService.CLOUDWATCH;
    }

    CompletableFuture<ObjectNode> handle(RequestContext context, Members input);
}
