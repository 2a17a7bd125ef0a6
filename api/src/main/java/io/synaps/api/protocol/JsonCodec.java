package io.synaps.api.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.model.AwsError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JsonCodec is AWS JSON 1.0: {@code X-Amz-Target: GraniteServiceVersion20100801.<Op>}, a JSON
 * object body (empty body = no members), JSON responses with content type
 * {@code application/x-amz-json-1.0}, errors as {@code {"__type": ..., "message": ...}} plus the
 * {@code x-amzn-query-error} header. Stateless; thread-safe.
 */
public final class JsonCodec implements ProtocolCodec {
    static final JsonCodec INSTANCE = new JsonCodec();
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** Error members are plain maps; sorting their keys keeps the bytes stable (and matches AWS: DataPath before Message). */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.US_ASCII);

    private JsonCodec() {
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.JSON;
    }

    @Override
    public DecodedRequest decode(WireRequest request) {
        String target = request.headers().get("X-Amz-Target");
        if (target == null || target.isBlank()) {
            throw new AwsError("MissingAction", "MissingAction", 400,
                    "The request is missing an action or a required parameter.");
        }
        String operation = operationHint(request);
        if (operation == null) {
            throw AwsError.invalidAction("Could not find operation " + target.trim() + " for version "
                    + WireProtocol.API_VERSION);
        }
        return new DecodedRequest(operation, parse(request.body()));
    }

    @Override
    public String operationHint(WireRequest request) {
        String target = request.headers().get("X-Amz-Target");
        if (target == null) {
            return null;
        }
        target = target.trim();
        String prefix = WireProtocol.SERVICE + ".";
        if (!target.startsWith(prefix) || target.length() == prefix.length()) {
            return null;
        }
        return target.substring(prefix.length());
    }

    private static JsonNode parse(byte[] body) {
        if (isBlank(body)) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (IOException e) {
            throw serialization("Start of structure or map found where not expected, or the body is not valid JSON.");
        }
        if (tree == null || tree.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw serialization("The request body must be a JSON object.");
        }
        return tree;
    }

    static AwsError serialization(String message) {
        return new AwsError("com.amazon.coral.service#SerializationException", "SerializationException", 400, message);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    @Override
    public WireResponse encode(String operation, ObjectNode output, String requestId) {
        if (output == null) {
            return WireResponse.of(200, CONTENT_TYPE, EMPTY_OBJECT.clone());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            TreeWriter.write(g, output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON response", e);
        }
        return WireResponse.of(200, CONTENT_TYPE, out.toByteArray());
    }

    @Override
    public WireResponse encodeError(AwsError error, String requestId, int status) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            TreeWriter.write(g, errorTree(error));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON error", e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return WireResponse.of(status, CONTENT_TYPE, out.toByteArray())
                .withHeader("x-amzn-query-error", queryErrorHeader(error));
    }

    /** The JSON/CBOR error body: {@code __type}, {@code message} (when present), then the error's members. */
    static ObjectNode errorTree(AwsError error) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.put("__type", error.qualifiedType());
        if (error.getMessage() != null) {
            tree.put("message", error.getMessage());
        }
        for (Map.Entry<String, Object> m : error.members().entrySet()) {
            tree.set(m.getKey(), MAPPER.valueToTree(m.getValue()));
        }
        return tree;
    }

    /** {@code <QueryCode>;Sender} or {@code ;Receiver}. */
    static String queryErrorHeader(AwsError error) {
        return error.code() + ";" + (error.senderFault() ? "Sender" : "Receiver");
    }
}
