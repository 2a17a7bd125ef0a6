package io.synaps.api.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.synaps.model.AwsError;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestBodiesTest {
    private static final int LIMIT = 1 << 20;

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static HttpHeaders encoding(String value) {
        return new DefaultHttpHeaders().add("Content-Encoding", value);
    }

    @Test
    void inflatesGzipInAnyCase() throws Exception {
        byte[] plain = "Action=PutMetricData&Namespace=App".getBytes(StandardCharsets.UTF_8);
        assertThat(RequestBodies.decode(encoding("gzip"), gzip(plain), LIMIT)).isEqualTo(plain);
        assertThat(RequestBodies.decode(encoding("GZIP"), gzip(plain), LIMIT)).isEqualTo(plain);
        assertThat(RequestBodies.decode(encoding("identity"), plain, LIMIT)).isEqualTo(plain);
        assertThat(RequestBodies.decode(new DefaultHttpHeaders(), plain, LIMIT)).isEqualTo(plain);
    }

    @Test
    void inflatesABodyOfExactlyTheLimit() throws Exception {
        byte[] plain = new byte[LIMIT];
        Arrays.fill(plain, (byte) 'a');
        assertThat(RequestBodies.decode(encoding("gzip"), gzip(plain), LIMIT)).hasSize(LIMIT);
    }

    @Test
    void refusesAGzipBombWithoutInflatingItAll() throws Exception {
        // 64 MiB of zeros compress to about 64 KiB; inflation must stop just past the 1 MiB limit.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        byte[] bomb = out.toByteArray();
        assertThat(bomb.length).isLessThan(LIMIT / 8);
        assertThatThrownBy(() -> RequestBodies.decode(encoding("gzip"), bomb, LIMIT))
                .isInstanceOf(AwsError.class)
                .hasFieldOrPropertyWithValue("status", 413)
                .hasFieldOrPropertyWithValue("code", "RequestEntityTooLarge");
    }

    @Test
    void refusesAPlainBodyOverTheLimit() {
        assertThatThrownBy(() -> RequestBodies.decode(new DefaultHttpHeaders(), new byte[LIMIT + 1], LIMIT))
                .isInstanceOf(AwsError.class).hasFieldOrPropertyWithValue("status", 413);
    }

    @Test
    void refusesDataThatIsNotGzip() {
        assertThatThrownBy(() -> RequestBodies.decode(encoding("gzip"), "not gzip".getBytes(StandardCharsets.UTF_8), LIMIT))
                .isInstanceOf(AwsError.class).hasFieldOrPropertyWithValue("code", "InvalidParameterValue");
    }

    @Test
    void refusesOtherEncodings() {
        assertThatThrownBy(() -> RequestBodies.decode(encoding("br"), new byte[]{1}, LIMIT))
                .isInstanceOf(AwsError.class).hasMessageContaining("Content-Encoding br is not supported");
    }
}
