package io.synaps.api.action;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.protocol.WireProtocol;

import java.util.concurrent.CompletableFuture;

/**
 * RawBodyAction is an {@link Action} that can also run straight from a JSON or CBOR request body,
 * without the input tree being built first. Implementations are thread-safe like every Action.
 */
public interface RawBodyAction extends Action {

    /**
     * Runs the action on a decompressed JSON 1.0 or RPC v2 CBOR body, or returns null (before any
     * side effect) when it cannot decide without the tree: the caller then decodes the tree and
     * calls {@link #handle}, which gives the same result or error the raw path would have.
     */
    CompletableFuture<ObjectNode> handleRaw(RequestContext context, WireProtocol protocol, byte[] body);
}
