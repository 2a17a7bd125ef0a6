package io.synaps.store.rocksdb;

import io.synaps.model.AwsError;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageTokensTest {
    private final byte[] secret = "0123456789abcdef0123456789abcdef".getBytes();
    private final PageTokens tokens = new PageTokens(secret);

    @Test
    void aSealedKeyOpensToTheSameKey() {
        byte[] key = {0, 0, 0, 1, 'N', 0, 1, 'm', 0, 1, (byte) 0xFF};

        assertThat(tokens.open(tokens.seal(key))).isEqualTo(key);
        assertThat(tokens.seal(key)).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void tokensOfAnotherDatabaseAreInvalid() {
        byte[] otherSecret = Arrays.copyOf(secret, secret.length);
        otherSecret[0] ^= 1;
        String foreign = new PageTokens(otherSecret).seal(new byte[]{0, 0, 0, 1, 'x'});

        assertThatThrownBy(() -> tokens.open(foreign)).isInstanceOf(AwsError.class)
                .hasMessage("Request parameter NextToken is invalid")
                .satisfies(e -> assertThat(((AwsError) e).code()).isEqualTo("InvalidNextToken"));
    }

    @Test
    void truncatedOrFlippedTokensAreInvalid() {
        String token = tokens.seal(new byte[]{0, 0, 0, 1, 'a', 'b', 'c', 'd', 'e', 'f'});
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            String flipped = token.substring(0, i) + (c == 'Q' ? 'R' : 'Q') + token.substring(i + 1);
            if (i < token.length() - 1) {
                assertThatThrownBy(() -> tokens.open(flipped)).as("flip at %d", i).isInstanceOf(AwsError.class);
            }
        }
        assertThatThrownBy(() -> tokens.open(token.substring(0, token.length() - 4))).isInstanceOf(AwsError.class);
        assertThatThrownBy(() -> tokens.open("AQ")).isInstanceOf(AwsError.class);
    }
}
