package io.synaps.api.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.protocol.Members;
import io.synaps.model.AwsError;

import java.util.concurrent.CompletableFuture;

/**
 * SyncAction is an {@link Action} that answers on the calling worker thread: {@link #answer}
 * returns the output or throws {@link AwsError}, and {@link #handle} wraps that in a future.
 */
public interface SyncAction extends Action {

    /** The output members (null for an operation without output), or an {@link AwsError}. */
    ObjectNode answer(RequestContext context, Members input);

    @Override
    default CompletableFuture<ObjectNode> handle(RequestContext context, Members input) {
        try {
            return CompletableFuture.completedFuture(answer(context, input));
        } catch (AwsError e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
