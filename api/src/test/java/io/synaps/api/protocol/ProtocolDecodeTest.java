package io.synaps.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.synaps.model.AwsError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtocolDecodeTest {
    private static final String CBOR_PATH = "/service/GraniteServiceVersion20100801/operation/";

    private static HttpHeaders headers(String... nameValues) {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    private static WireRequest cbor(String op, String hex) {
        return new WireRequest("POST", CBOR_PATH + op, "", headers("smithy-protocol", "rpc-v2-cbor",
                "Content-Type", "application/cbor"), HexFormat.of().parseHex(hex));
    }

    private static WireRequest jsonRequest(String target, String body) {
        return new WireRequest("POST", "/", "", headers("Content-Type", "application/x-amz-json-1.0",
                "X-Amz-Target", target), body.getBytes(StandardCharsets.UTF_8));
    }

    // ---- detection ----

    @Test
    void detectsCborByTheSmithyProtocolHeader() {
        assertThat(WireProtocol.detect("/", headers("smithy-protocol", "RPC-v2-cbor"))).isEqualTo(WireProtocol.CBOR);
        assertThat(WireProtocol.detect(CBOR_PATH + "ListMetrics", headers())).isEqualTo(WireProtocol.CBOR);
    }

    @Test
    void detectsJsonByContentTypeOrTarget() {
        assertThat(WireProtocol.detect("/", headers("Content-Type", "application/x-amz-json-1.0"))).isEqualTo(WireProtocol.JSON);
        assertThat(WireProtocol.detect("/", headers("X-Amz-Target", "GraniteServiceVersion20100801.ListMetrics")))
                .isEqualTo(WireProtocol.JSON);
    }

    @Test
    void fallsBackToQuery() {
        assertThat(WireProtocol.detect("/", headers("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")))
                .isEqualTo(WireProtocol.QUERY);
        assertThat(WireProtocol.detect("/", headers())).isEqualTo(WireProtocol.QUERY);
    }

    // ---- Query ----

    @Test
    void decodesAQueryPostWithParametersInUrlAndBody() throws Exception {
        WireRequest r = new WireRequest("POST", "/", "Action=ListMetrics&Version=2010-08-01", headers(),
                "Namespace=App&Dimensions.member.1.Name=Host".getBytes(StandardCharsets.UTF_8));
        DecodedRequest d = QueryCodec.INSTANCE.decode(r);
        assertThat(d.operation()).isEqualTo("ListMetrics");
        assertThat(d.input()).isEqualTo(json("{'Namespace':'App','Dimensions':[{'Name':'Host'}]}"));
    }

    @Test
    void refusesAQueryRequestWithoutAction() {
        WireRequest r = new WireRequest("POST", "/", "", headers(), "Namespace=App".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> QueryCodec.INSTANCE.decode(r)).isInstanceOf(AwsError.class)
                .hasFieldOrPropertyWithValue("code", "MissingAction");
    }

    @Test
    void decodesTheVersionOfEitherServedApi() {
        WireRequest sns = new WireRequest("GET", "/", "Action=CreateTopic&Version=2010-03-31&Name=a", headers(), null);
        DecodedRequest d = QueryCodec.INSTANCE.decode(sns);
        assertThat(d.operation()).isEqualTo("CreateTopic");
        assertThat(d.version()).isEqualTo("2010-03-31");
        assertThat(ApiService.byVersion(d.version())).isEqualTo(ApiService.SNS);
        WireRequest none = new WireRequest("GET", "/", "Action=ConfirmSubscription&Version=", headers(), null);
        assertThat(QueryCodec.INSTANCE.decode(none).version()).isNull();
        assertThat(QueryCodec.INSTANCE.decode(new WireRequest("GET", "/", "Action=ListMetrics&Version=2010-08-01",
                headers(), null)).version()).isEqualTo("2010-08-01");
    }

    @Test
    void refusesAnotherApiVersion() {
        WireRequest r = new WireRequest("GET", "/", "Action=ListMetrics&Version=2009-01-01", headers(), null);
        assertThatThrownBy(() -> QueryCodec.INSTANCE.decode(r)).isInstanceOf(AwsError.class)
                .hasMessage("Could not find operation ListMetrics for version 2009-01-01")
                .hasFieldOrPropertyWithValue("code", "InvalidAction");
    }

    // ---- JSON ----

    @Test
    void decodesAJsonBody() throws Exception {
        DecodedRequest d = JsonCodec.INSTANCE.decode(jsonRequest("GraniteServiceVersion20100801.PutMetricData",
                "{\"Namespace\":\"App\",\"MetricData\":[{\"MetricName\":\"m\",\"Value\":1.5,\"Timestamp\":1765977780}]}"));
        assertThat(d.operation()).isEqualTo("PutMetricData");
        assertThat(d.input().at("/MetricData/0/Value").doubleValue()).isEqualTo(1.5);
        assertThat(d.input().at("/MetricData/0/Timestamp").longValue()).isEqualTo(1765977780L);
    }

    @Test
    void readsAnEmptyJsonBodyAsNoMembers() {
        assertThat(JsonCodec.INSTANCE.decode(jsonRequest("GraniteServiceVersion20100801.ListDashboards", "")).input())
                .isEmpty();
        assertThat(JsonCodec.INSTANCE.decode(jsonRequest("GraniteServiceVersion20100801.ListDashboards", " \n")).input())
                .isEmpty();
    }

    @Test
    void refusesMalformedJsonAsSerializationException() {
        assertThatThrownBy(() -> JsonCodec.INSTANCE.decode(jsonRequest("GraniteServiceVersion20100801.ListMetrics", "{\"a\":")))
                .isInstanceOf(AwsError.class).hasFieldOrPropertyWithValue("code", "SerializationException");
        assertThatThrownBy(() -> JsonCodec.INSTANCE.decode(jsonRequest("GraniteServiceVersion20100801.ListMetrics", "[1]")))
                .isInstanceOf(AwsError.class).hasFieldOrPropertyWithValue("code", "SerializationException");
    }

    @Test
    void refusesATargetOfAnotherService() {
        assertThatThrownBy(() -> JsonCodec.INSTANCE.decode(jsonRequest("Logs_20140328.PutLogEvents", "{}")))
                .isInstanceOf(AwsError.class)
                .hasMessage("Could not find operation Logs_20140328.PutLogEvents for version 2010-08-01");
    }

    // ---- CBOR ----

    @Test
    void decodesDefiniteLengthCbor() throws Exception {
        // {"Namespace": "App", "Values": [1.5]} with definite lengths
        DecodedRequest d = CborCodec.INSTANCE.decode(cbor("PutMetricData",
                "A2" + "694E616D657370616365" + "63417070" + "6656616C756573" + "81" + "FB3FF8000000000000"));
        assertThat(d.operation()).isEqualTo("PutMetricData");
        assertThat(d.input()).isEqualTo(json("{'Namespace':'App','Values':[1.5]}"));
    }

    @Test
    void decodesIndefiniteLengthCborWithTaggedTimestamps() {
        // {_ "Timestamp": 1(1765977780.0), "Values": [_ 1, 2]}
        DecodedRequest d = CborCodec.INSTANCE.decode(cbor("PutMetricData",
                "BF" + "6954696D657374616D70" + "C1FB41DA50ABAD000000" + "6656616C756573" + "9F0102FF" + "FF"));
        assertThat(d.input().get("Timestamp").doubleValue()).isEqualTo(1765977780.0);
        assertThat(d.input().get("Values")).hasSize(2);
    }

    @Test
    void readsAnEmptyCborBodyOrEmptyMapAsNoMembers() {
        assertThat(CborCodec.INSTANCE.decode(cbor("ListDashboards", "")).input()).isEmpty();
        assertThat(CborCodec.INSTANCE.decode(cbor("ListDashboards", "BFFF")).input()).isEmpty();
        assertThat(CborCodec.INSTANCE.decode(cbor("ListDashboards", "A0")).input()).isEmpty();
    }

    @Test
    void refusesCborThatIsNotAMap() {
        assertThatThrownBy(() -> CborCodec.INSTANCE.decode(cbor("ListMetrics", "8101")))
                .isInstanceOf(AwsError.class).hasFieldOrPropertyWithValue("code", "SerializationException");
        assertThatThrownBy(() -> CborCodec.INSTANCE.decode(cbor("ListMetrics", "BF6141")))
                .isInstanceOf(AwsError.class).hasFieldOrPropertyWithValue("code", "SerializationException");
    }

    @Test
    void takesTheCborOperationFromThePath() {
        WireRequest wrong = new WireRequest("POST", "/service/Other/operation/ListMetrics", "",
                headers("smithy-protocol", "rpc-v2-cbor"), null);
        assertThat(CborCodec.INSTANCE.operationHint(wrong)).isNull();
        assertThatThrownBy(() -> CborCodec.INSTANCE.decode(wrong)).isInstanceOf(AwsError.class)
                .hasFieldOrPropertyWithValue("code", "InvalidAction");
    }

    // ---- errors ----

    @Test
    void turnsClientErrorsInto400OutsideQueryMode() {
        AwsError notFound = AwsError.resourceNotFound("x");
        assertThat(ErrorStatus.of(WireProtocol.QUERY, notFound, false)).isEqualTo(404);
        assertThat(ErrorStatus.of(WireProtocol.JSON, notFound, true)).isEqualTo(404);
        assertThat(ErrorStatus.of(WireProtocol.JSON, notFound, false)).isEqualTo(400);
        assertThat(ErrorStatus.of(WireProtocol.CBOR, notFound, false)).isEqualTo(400);
        assertThat(ErrorStatus.of(WireProtocol.CBOR, AwsError.internal("x"), false)).isEqualTo(500);
    }
}
