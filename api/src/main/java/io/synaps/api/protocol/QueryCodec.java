package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.synaps.model.AwsError;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * QueryCodec is the AWS Query protocol: form parameters in (URL query string and body), XML out,
 * written with StAX, in the namespace of the request's {@link ApiService} (CloudWatch's unless
 * told). {@code Version} may name either service's API version or be absent; any other version is
 * InvalidAction. Responses are {@code <OpResponse xmlns=...><OpResult>...</OpResult>
 * <ResponseMetadata><RequestId>..</RequestId></ResponseMetadata></OpResponse>}; lists are
 * {@code <member>} items, empty lists and structures empty elements, maps {@code <entry>} items.
 * Stateless; thread-safe.
 */
public final class QueryCodec implements ProtocolCodec {
    static final QueryCodec INSTANCE = new QueryCodec();
    static final String CONTENT_TYPE = "text/xml";
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();
    /** Error members are plain maps; sorting their keys keeps the bytes stable (and matches AWS: DataPath before Message). */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private QueryCodec() {
    }

    @Override
    public WireProtocol protocol() {
        return WireProtocol.QUERY;
    }

    @Override
    public DecodedRequest decode(WireRequest request) {
        QueryFormParser parser = new QueryFormParser();
        parser.feed(request.rawQuery());
        if (request.body().length > 0) {
            parser.feed(request.body());
        }
        String action = parser.action();
        if (action == null || action.isEmpty()) {
            throw new AwsError("MissingAction", "MissingAction", 400,
                    "The request is missing an action or a required parameter.");
        }
        String version = parser.version();
        if (version != null && version.isEmpty()) {
            version = null;
        }
        if (version != null && ApiService.byVersion(version) == null) {
            throw AwsError.invalidAction("Could not find operation " + action + " for version " + version);
        }
        return new DecodedRequest(action, parser.tree(), version);
    }

    @Override
    public String operationHint(WireRequest request) {
        return null;
    }

    @Override
    public WireResponse encode(String operation, ObjectNode output, String requestId) {
        return encode(ApiService.CLOUDWATCH, operation, output, requestId);
    }

    /** Encodes a successful response in the service's XML namespace. */
    @Override
    public WireResponse encode(ApiService service, String operation, ObjectNode output, String requestId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out, "UTF-8");
            w.writeStartElement(operation + "Response");
            w.writeDefaultNamespace(service.xmlNamespace());
            if (output != null) {
                writeValue(w, operation + "Result", output);
            }
            w.writeStartElement("ResponseMetadata");
            writeText(w, "RequestId", requestId);
            w.writeEndElement();
            w.writeEndElement();
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write XML response", e);
        }
        return WireResponse.of(200, CONTENT_TYPE, out.toByteArray());
    }

    @Override
    public WireResponse encodeError(AwsError error, String requestId, int status) {
        return encodeError(ApiService.CLOUDWATCH, error, requestId, status);
    }

    /** Encodes an error in the service's XML namespace. */
    @Override
    public WireResponse encodeError(ApiService service, AwsError error, String requestId, int status) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            XMLStreamWriter w = XML.createXMLStreamWriter(out, "UTF-8");
            w.writeStartElement("ErrorResponse");
            w.writeDefaultNamespace(service.xmlNamespace());
            w.writeStartElement("Error");
            writeText(w, "Type", error.senderFault() ? "Sender" : "Receiver");
            writeText(w, "Code", error.code());
            if (error.getMessage() != null) {
                writeText(w, "Message", error.getMessage());
            }
            for (Map.Entry<String, Object> m : error.members().entrySet()) {
                writeValue(w, m.getKey(), MAPPER.valueToTree(m.getValue()));
            }
            w.writeEndElement();
            writeText(w, "RequestId", requestId);
            w.writeEndElement();
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write XML error", e);
        }
        return WireResponse.of(status, CONTENT_TYPE, out.toByteArray());
    }

    private static void writeValue(XMLStreamWriter w, String name, JsonNode v) throws XMLStreamException {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return;
        }
        if (Output.isMap(v)) {
            if (v.isEmpty()) {
                w.writeEmptyElement(name);
                return;
            }
            w.writeStartElement(name);
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                w.writeStartElement("entry");
                writeText(w, "key", e.getKey());
                writeValue(w, "value", e.getValue());
                w.writeEndElement();
            }
            w.writeEndElement();
        } else if (v.isObject()) {
            if (v.isEmpty()) {
                w.writeEmptyElement(name);
                return;
            }
            w.writeStartElement(name);
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                writeValue(w, e.getKey(), e.getValue());
            }
            w.writeEndElement();
        } else if (v.isArray()) {
            if (v.isEmpty()) {
                w.writeEmptyElement(name);
                return;
            }
            w.writeStartElement(name);
            for (JsonNode item : v) {
                writeValue(w, "member", item);
            }
            w.writeEndElement();
        } else {
            writeText(w, name, scalarText(v));
        }
    }

    private static void writeText(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(xmlSafe(text));
        w.writeEndElement();
    }

    /** The XML text of a scalar node: doubles as Java prints them (30.0), timestamps ISO-8601. */
    static String scalarText(JsonNode v) {
        if (v instanceof POJONode pojo) {
            Instant t = Output.instantOf(v);
            return t != null ? WireTimestamps.iso(t) : String.valueOf(pojo.getPojo());
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isDouble() || v.isFloat()) {
            return Double.toString(v.doubleValue());
        }
        if (v.isBigDecimal()) {
            return v.decimalValue().toPlainString();
        }
        if (v.isBinary()) {
            try {
                return Base64.getEncoder().encodeToString(v.binaryValue());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return v.asText();
    }

    /** Replaces characters XML 1.0 cannot carry (most control characters) with U+FFFD. */
    static String xmlSafe(String s) {
        if (s == null) {
            return "";
        }
        for (int i = 0; i < s.length(); i++) {
            if (!allowed(s.charAt(i))) {
                StringBuilder sb = new StringBuilder(s.length());
                for (int j = 0; j < s.length(); j++) {
                    char c = s.charAt(j);
                    sb.append(allowed(c) ? c : '\uFFFD');
                }
                return sb.toString();
            }
        }
        return s;
    }

    private static boolean allowed(char c) {
        return c >= 0x20 ? c != 0xFFFE && c != 0xFFFF : c == '\t' || c == '\n' || c == '\r';
    }
}
