package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.synaps.model.AwsError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * CborCodec is Smithy RPC v2 CBOR: {@code POST /service/GraniteServiceVersion20100801/operation/<Op>},
 * a CBOR map body (definite or indefinite lengths; an empty body means no members), responses as
 * indefinite-length CBOR maps and arrays with timestamps as tag 1 + float64, and the header
 * {@code smithy-protocol: rpc-v2-cbor} on every response. An operation without output answers an
 * empty body and no Content-Type. Stateless; thread-safe.
 */
public final class CborCodec implements ProtocolCodec {
    static final CborCodec INSTANCE = new CborCodec();
    static final String CONTENT_TYPE = "application/cbor";
    static final String SMITHY_PROTOCOL = "rpc-v2-cbor";
    private static final CBORMapper MAPPER = new CBORMapper();

    private CborCodec() {
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.CBOR;
    }

    @Override
    public DecodedRequest decode(WireRequest request) {
        String operation = operationHint(request);
        if (operation == null) {
            String path = request.rawPath();
            int slash = path.lastIndexOf('/');
            throw AwsError.invalidAction("Could not find operation " + path.substring(slash + 1)
                    + " for version " + WireProtocol.API_VERSION);
        }
        return new DecodedRequest(operation, parse(request.body()));
    }

    @Override
    public String operationHint(WireRequest request) {
        String path = request.rawPath();
        if (!path.startsWith(WireProtocol.CBOR_PATH_PREFIX)) {
            return null;
        }
        String op = path.substring(WireProtocol.CBOR_PATH_PREFIX.length());
        if (op.isEmpty() || op.indexOf('/') >= 0) {
            return null;
        }
        return op;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (IOException e) {
            throw JsonCodec.serialization("The request body is not valid CBOR.");
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw JsonCodec.serialization("The request body must be a CBOR map.");
        }
        return tree;
    }

    @Override
    public WireResponse encode(String operation, ObjectNode output, String requestId) {
        if (output == null) {
            return WireResponse.of(200, null, new byte[0]).withHeader("smithy-protocol", SMITHY_PROTOCOL);
        }
        return WireResponse.of(200, CONTENT_TYPE, write(output)).withHeader("smithy-protocol", SMITHY_PROTOCOL);
    }

    @Override
    public WireResponse encodeError(AwsError error, String requestId, int status) {
        return WireResponse.of(status, CONTENT_TYPE, write(JsonCodec.errorTree(error)))
                .withHeader("smithy-protocol", SMITHY_PROTOCOL)
                .withHeader("x-amzn-query-error", JsonCodec.queryErrorHeader(error));
    }

    private static byte[] write(JsonNode tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (CBORGenerator g = MAPPER.getFactory().createGenerator(out)) {
            TreeWriter.write(g, tree);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write CBOR", e);
        }
        return out.toByteArray();
    }
}
