package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.model.AwsError;

/**
 * ProtocolCodec turns a wire request of one protocol into a {@link DecodedRequest}, and an
 * action's output tree or an {@link AwsError} into that protocol's response bytes and headers.
 * Implementations are stateless and thread-safe.
 */
public interface ProtocolCodec {

    WireProtocol protocol();

    /**
     * Decodes the operation name and input members of a request whose body is already
     * decompressed.
     *
     * @throws AwsError when the operation is missing or the body is malformed
     */
    DecodedRequest decode(WireRequest request);

    /**
     * The operation named by the request's path or headers alone, or null when only the body can
     * tell (Query) or nothing names one. Cheap; used to label metrics and early errors.
     */
    String operationHint(WireRequest request);

    /** Encodes a successful response; {@code output} null means an operation without output. */
    WireResponse encode(String operation, ObjectNode output, String requestId);

    /** Encodes an error with the given HTTP status (see {@link ErrorStatus}). */
    WireResponse encodeError(AwsError error, String requestId, int status);

    /**
     * Encodes a successful response of the given service; protocols that serve only CloudWatch
     * (JSON, CBOR) answer as {@link #encode(String, ObjectNode, String)}.
     */
    default WireResponse encode(ApiService service, String operation, ObjectNode output, String requestId) {
        return encode(operation, output, requestId);
    }

    /** Encodes an error of the given service; CloudWatch-only protocols ignore the service. */
    default WireResponse encodeError(ApiService service, AwsError error, String requestId, int status) {
        return encodeError(error, requestId, status);
    }
}
