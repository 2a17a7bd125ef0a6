package io.synaps.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synaps.api.auth.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * MetricWidgetImageIT asks a real node for GetMetricWidgetImage: data put with the AWS SDK for
 * Java v2 comes back as a PNG (RPC v2 CBOR blob through the SDK; base64 in JSON 1.0 and Query)
 * of the widget's size with the first palette colour drawn; another account's widget shows none
 * of it; a bad widget answers ValidationError and an expression UnsupportedOperation.
 */
class MetricWidgetImageIT {
    /** CloudWatch's first default series colour (#1f77b4). */
    private static final int FIRST_COLOUR = 0x1f77b4;
    /** Pixels of that colour the legend swatch alone accounts for (10 x 10); a flat 2 px line fully covers one row. */
    private static final int SWATCH = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedNode node;
    private static CloudWatchClient cw;
    private static String namespace;

    @BeforeAll
    static void startNodeAndPutData() {
        node = EmbeddedNode.start();
        cw = node.cloudWatch();
        namespace = "IT/widget/" + Long.toHexString(new Random().nextLong());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        List<MetricDatum> data = new ArrayList<>();
        for (int m = 90; m >= 6; m--) {
            data.add(MetricDatum.builder().metricName("cpu").unit(StandardUnit.PERCENT).value(42.0)
                    .dimensions(Dimension.builder().name("host").value("a").build())
                    .timestamp(now.minus(m, ChronoUnit.MINUTES)).build());
        }
        cw.putMetricData(r -> r.namespace(namespace).metricData(data));
    }

    @AfterAll
    static void stopNode() {
        if (cw != null) {
            cw.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static String widget(String extra) {
        return "{\"metrics\": [[\"" + namespace + "\", \"cpu\", \"host\", \"a\"]], \"title\": \"CPU\","
                + " \"start\": \"-PT100M\", \"yAxis\": {\"left\": {\"min\": 0, \"max\": 100}}" + extra + "}";
    }

    private static BufferedImage decode(byte[] png) {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The row holding the most pixels of {@code rgb}: where a flat line is drawn. */
    private static int busiestRow(BufferedImage image, int rgb) {
        int best = -1;
        int bestCount = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            int n = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
            if (n > bestCount) {
                bestCount = n;
                best = y;
            }
        }
        return best;
    }

    @Test
    void theSdkGetsAPngOfTheWidgetsSizeWithTheDataDrawnInThePaletteColour() {
        SdkBytes bytes = cw.getMetricWidgetImage(r -> r.metricWidget(widget(", \"width\": 500, \"height\": 250"))
                .outputFormat("png")).metricWidgetImage();
        BufferedImage image = decode(bytes.asByteArray());
        assertThat(image.getWidth()).isEqualTo(500);
        assertThat(image.getHeight()).isEqualTo(250);
        assertThat(count(image, FIRST_COLOUR)).isGreaterThan(SWATCH + 200);
        // a flat line at 42 of 0..100 sits a little below the middle of the image
        assertThat(busiestRow(image, FIRST_COLOUR)).isBetween(250 * 3 / 10, 250 * 7 / 10);

        BufferedImage higher = decode(cw.getMetricWidgetImage(r -> r.metricWidget(
                widget(", \"width\": 500, \"height\": 250, \"yAxis\": {\"left\": {\"min\": 0, \"max\": 50}}")))
                .metricWidgetImage().asByteArray());
        assertThat(busiestRow(higher, FIRST_COLOUR)).isLessThan(busiestRow(image, FIRST_COLOUR));
    }

    @Test
    void defaultsGiveASixHundredByFourHundredImage() {
        BufferedImage image = decode(cw.getMetricWidgetImage(r -> r.metricWidget(widget(""))).metricWidgetImage().asByteArray());
        assertThat(image.getWidth()).isEqualTo(600);
        assertThat(image.getHeight()).isEqualTo(400);
    }

    @Test
    void anotherAccountsWidgetDrawsNoneOfTheData() {
        Credential other = node.createAccessKey("210987654321");
        try (CloudWatchClient theirs = node.cloudWatch(other)) {
            CloudWatchSdkIT.awaitKeyActive(theirs);
            BufferedImage image = decode(theirs.getMetricWidgetImage(r -> r.metricWidget(widget("")))
                    .metricWidgetImage().asByteArray());
            assertThat(image.getWidth()).isEqualTo(600);
            assertThat(count(image, FIRST_COLOUR)).isLessThanOrEqualTo(SWATCH);
        }
    }

    @Test
    void jsonAndQueryCarryTheSamePngAsBase64() {
        ProtocolClient client = new ProtocolClient(node.port(), node.admin().accessKeyId(),
                node.admin().secretAccessKey(), Clock.systemUTC());
        ObjectNode in = JSON.createObjectNode();
        in.put("MetricWidget", widget(", \"width\": 320, \"height\": 200"));
        in.put("OutputFormat", "png");

        RawHttp.Response json = client.call(ProtocolClient.Protocol.JSON, "GetMetricWidgetImage", in);
        assertThat(json.status()).as(json.bodyText()).isEqualTo(200);
        JsonNode body = readJson(json.bodyText());
        BufferedImage fromJson = decode(Base64.getDecoder().decode(body.get("MetricWidgetImage").asText()));
        assertThat(fromJson.getWidth()).isEqualTo(320);
        assertThat(fromJson.getHeight()).isEqualTo(200);
        assertThat(count(fromJson, FIRST_COLOUR)).isGreaterThan(SWATCH + 100);

        RawHttp.Response query = client.call(ProtocolClient.Protocol.QUERY, "GetMetricWidgetImage", in);
        assertThat(query.status()).as(query.bodyText()).isEqualTo(200);
        Matcher m = Pattern.compile("<GetMetricWidgetImageResult>\\s*<MetricWidgetImage>([A-Za-z0-9+/=\\s]+)</MetricWidgetImage>")
                .matcher(query.bodyText());
        assertThat(m.find()).as(query.bodyText()).isTrue();
        BufferedImage fromQuery = decode(Base64.getMimeDecoder().decode(m.group(1)));
        assertThat(fromQuery.getWidth()).isEqualTo(320);
        assertThat(count(fromQuery, FIRST_COLOUR)).isGreaterThan(SWATCH + 100);

        ObjectNode bad = JSON.createObjectNode();
        bad.put("MetricWidget", widget(", \"view\": \"pie\""));
        RawHttp.Response refused = client.call(ProtocolClient.Protocol.JSON, "GetMetricWidgetImage", bad);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("x-amzn-query-error")).hasValue("ValidationError;Sender");
        assertThat(readJson(refused.bodyText()).get("message").asText()).contains("the pie view is not supported");
    }

    @Test
    void aBadWidgetIsAValidationErrorAndAnExpressionIsUnsupported() {
        CloudWatchException invalid = catchThrowableOfType(CloudWatchException.class,
                () -> cw.getMetricWidgetImage(r -> r.metricWidget(widget(", \"width\": 2001"))));
        assertThat(invalid).isNotNull();
        assertThat(invalid.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.awsErrorDetails().errorMessage())
                .isEqualTo("The parameter MetricWidget is invalid at /width: Should be <= 2000");

        CloudWatchException notJson = catchThrowableOfType(CloudWatchException.class,
                () -> cw.getMetricWidgetImage(r -> r.metricWidget("{\"metrics\": ")));
        assertThat(notJson.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(notJson.awsErrorDetails().errorMessage()).isEqualTo("The parameter MetricWidget must be a valid JSON object.");

        CloudWatchException format = catchThrowableOfType(CloudWatchException.class,
                () -> cw.getMetricWidgetImage(r -> r.metricWidget(widget("")).outputFormat("jpeg")));
        assertThat(format.awsErrorDetails().errorCode()).isEqualTo("ValidationError");

        CloudWatchException math = catchThrowableOfType(CloudWatchException.class,
                () -> cw.getMetricWidgetImage(r -> r.metricWidget("{\"metrics\": [[{\"expression\": \"SUM(METRICS())\"}]]}")));
        assertThat(math.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperation");
        assertThat(math.statusCode()).isEqualTo(400);
        assertThat(math.awsErrorDetails().errorMessage()).isEqualTo("Metric math and Metrics Insights expressions"
                + " (MetricWidget /metrics/0/0/expression) are not implemented by this Synaps server yet; use MetricStat queries.");
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
