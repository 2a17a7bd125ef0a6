package io.synaps.api.auth.session;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Argon2idHasherTest {
    /** A cheap cost so the suite stays fast; the OWASP cost is exercised once below. */
    private static final Argon2idHasher.Cost CHEAP = new Argon2idHasher.Cost(256, 1, 1);
    private final Argon2idHasher hasher = new Argon2idHasher(CHEAP, new SecureRandom());

    @Test
    void verifiesTheReferenceImplementationsArgon2idVectors() {
        // Encoded strings from the test suite of the Argon2 reference implementation (src/test.c).
        char[] password = "password".toCharArray();
        assertThat(hasher.verify(password,
                "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")).isTrue();
        assertThat(hasher.verify(password,
                "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc")).isTrue();
        assertThat(hasher.verify(password,
                "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")).isTrue();
        assertThat(hasher.verify("differentpassword".toCharArray(),
                "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4")).isFalse();
    }

    @Test
    void derivesTheReferenceRawHash() {
        byte[] raw = Argon2idHasher.derive("password".toCharArray(), "somesalt".getBytes(),
                new Argon2idHasher.Cost(65536, 2, 1), 32);
        assertThat(HexFormat.of().formatHex(raw)).isEqualTo("09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7");
    }

    @Test
    void hashesRoundTripWithFreshSalts() {
        char[] password = "correct horse battery staple".toCharArray();
        String a = hasher.hash(password);
        String b = hasher.hash(password);
        assertThat(a).startsWith("$argon2id$v=19$m=256,t=1,p=1$").isNotEqualTo(b);
        assertThat(hasher.verify(password, a)).isTrue();
        assertThat(hasher.verify(password, b)).isTrue();
        Argon2idHasher.Parsed parsed = Argon2idHasher.parse(a);
        assertThat(parsed.salt()).hasSize(16);
        assertThat(parsed.hash()).hasSize(32);
    }

    @Test
    void refusesAWrongPassword() {
        String phc = hasher.hash("s3cret-password".toCharArray());
        assertThat(hasher.verify("s3cret-passwore".toCharArray(), phc)).isFalse();
        assertThat(hasher.verify("".toCharArray(), phc)).isFalse();
        assertThat(hasher.verify("s3cret-password ".toCharArray(), phc)).isFalse();
    }

    @Test
    void hashesAtTheOwaspCostByDefault() {
        Argon2idHasher owasp = new Argon2idHasher();
        String phc = owasp.hash("pässwörd-ünïcode".toCharArray());
        assertThat(phc).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(owasp.verify("pässwörd-ünïcode".toCharArray(), phc)).isTrue();
        assertThat(owasp.verify("passwort-unicode".toCharArray(), phc)).isFalse();
        assertThat(owasp.outdated(phc)).isFalse();
        assertThat(owasp.outdated(hasher.hash("x".toCharArray()))).isTrue();
    }

    @Test
    void parsesTheParametersOfAPhcString() {
        Argon2idHasher.Parsed p = Argon2idHasher.parse(
                "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc");
        assertThat(p.cost()).isEqualTo(new Argon2idHasher.Cost(65536, 2, 1));
        assertThat(new String(p.salt())).isEqualTo("somesalt");
        assertThat(Argon2idHasher.format(p.cost(), p.salt(), p.hash()))
                .isEqualTo("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc");
    }

    @Test
    void refusesMalformedAndOverlyExpensiveStrings() {
        String ok = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
        for (String bad : new String[]{
                "",
                "plain-text-password",
                ok.replace("$argon2id$", "$argon2i$"),
                ok.replace("v=19", "v=16"),
                ok.replace("m=256,t=2,p=1", "t=2,m=256,p=1"),
                ok.replace("m=256", "m=99999999"),
                ok.replace("t=2", "t=999"),
                ok.replace("p=1", "p=0"),
                ok.replace("c29tZXNhbHQ", "c29tZQ"),          // 4-byte salt
                ok.replace("c29tZXNhbHQ", "c29tZXNhbHQ="),     // padding
                ok.substring(0, ok.length() - 30),              // hash cut short
                ok + "$extra"}) {
            assertThatThrownBy(() -> Argon2idHasher.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThat(hasher.verify("password".toCharArray(), bad)).as(bad).isFalse();
        }
    }

    @Test
    void aTamperedHashOrSaltNoLongerVerifies() {
        char[] password = "tamper-proof-123".toCharArray();
        Argon2idHasher.Parsed p = Argon2idHasher.parse(hasher.hash(password));
        byte[] hash = p.hash().clone();
        hash[hash.length - 1] ^= 1;
        assertThat(hasher.verify(password, Argon2idHasher.format(p.cost(), p.salt(), hash))).isFalse();
        byte[] salt = p.salt().clone();
        salt[0] ^= 1;
        assertThat(hasher.verify(password, Argon2idHasher.format(p.cost(), salt, p.hash()))).isFalse();
        Argon2idHasher.Cost other = new Argon2idHasher.Cost(p.cost().memoryKiB(), p.cost().iterations() + 1, 1);
        assertThat(hasher.verify(password, Argon2idHasher.format(other, p.salt(), p.hash()))).isFalse();
        assertThat(hasher.verify(password, Argon2idHasher.format(p.cost(), p.salt(), p.hash()))).isTrue();
    }

    @Test
    void errorMessagesNeverQuoteTheHash() {
        String phc = hasher.hash("whatever-secret".toCharArray());
        String tampered = phc.replace("v=19", "v=20");
        assertThatThrownBy(() -> Argon2idHasher.parse(tampered))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(
                        Base64.getEncoder().withoutPadding().encodeToString(Argon2idHasher.parse(phc).hash())));
    }
}
