package io.synaps.api.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * TreeWriter streams an output tree to a Jackson generator for the JSON and CBOR protocols:
 * null and missing members are left out, timestamps become epoch seconds (JSON: a number such as
 * {@code 1765977780.0}; CBOR: tag 1 with a float64), non-finite doubles become the strings
 * {@code NaN}, {@code Infinity}, {@code -Infinity} in JSON. Objects and arrays are started without
 * a size, which CBORGenerator writes as indefinite-length items like AWS. Stateless.
 */
final class TreeWriter {
    private TreeWriter() {
    }

    static void write(JsonGenerator g, JsonNode v) throws IOException {
        if (v == null || v.isMissingNode() || v.isNull()) {
            g.writeNull();
        } else if (v.isObject()) {
            g.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode child = e.getValue();
                if (child == null || child.isNull() || child.isMissingNode()) {
                    continue;
                }
                g.writeFieldName(e.getKey());
                write(g, child);
            }
            g.writeEndObject();
        } else if (v.isArray()) {
            g.writeStartArray();
            for (JsonNode item : v) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof POJONode pojo) {
            Instant t = Output.instantOf(v);
            if (t == null) {
                g.writeString(String.valueOf(pojo.getPojo()));
            } else if (g instanceof CBORGenerator cbor) {
                cbor.writeTag(1);
                cbor.writeNumber(WireTimestamps.epochSeconds(t));
            } else {
                g.writeNumber(WireTimestamps.epochSecondsText(t));
            }
        } else if (v.isTextual()) {
            g.writeString(v.textValue());
        } else if (v.isBoolean()) {
            g.writeBoolean(v.booleanValue());
        } else if (v.isInt() || v.isShort()) {
            g.writeNumber(v.intValue());
        } else if (v.isLong()) {
            g.writeNumber(v.longValue());
        } else if (v.isBigInteger()) {
            g.writeNumber(v.bigIntegerValue());
        } else if (v.isBigDecimal()) {
            g.writeNumber(v.decimalValue());
        } else if (v.isDouble() || v.isFloat()) {
            double d = v.doubleValue();
            if (!Double.isFinite(d) && !(g instanceof CBORGenerator)) {
                g.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            } else {
                g.writeNumber(d);
            }
        } else if (v.isBinary()) {
            g.writeBinary(v.binaryValue());
        } else {
            g.writeString(v.asText());
        }
    }
}
