package io.synaps.api.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileCredentialStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-10-06T14:45:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private FileCredentialStore store() {
        return new FileCredentialStore(dir.resolve("keys/credentials.json"), CLOCK, 0);
    }

    @Test
    void createsKeysShapedLikeAwsKeys() {
        Credential c = store().create("123456789012");
        assertThat(c.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
        assertThat(c.secretAccessKey()).hasSize(40);
        assertThat(c.accountId()).isEqualTo("123456789012");
        assertThat(store().find(c.accessKeyId())).contains(c);
    }

    @Test
    void refusesAccountIdsThatAreNotTwelveDigits() {
        assertThatThrownBy(() -> store().create("12345")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().create("12345678901a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesTheFileReadableByItsOwnerOnly() throws Exception {
        store().create("123456789012");
        Path file = dir.resolve("keys/credentials.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.list(file.getParent()).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("credentials.json", "credentials.json.lock");
    }

    @Test
    void listsKeysWithoutSecretsAndRevokesThem() {
        FileCredentialStore store = store();
        Credential a = store.create("111111111111");
        Credential b = store.create("222222222222");
        assertThat(store.list()).extracting(FileCredentialStore.AccessKey::accessKeyId)
                .containsExactlyInAnyOrder(a.accessKeyId(), b.accessKeyId());
        assertThat(store.list().get(0).created()).isEqualTo(CLOCK.instant());
        assertThat(store.revoke(a.accessKeyId())).isTrue();
        assertThat(store.revoke(a.accessKeyId())).isFalse();
        assertThat(store.find(a.accessKeyId())).isEmpty();
        assertThat(store.find(b.accessKeyId())).contains(b);
    }

    @Test
    void ensuresTheBootstrapKeyExactlyOnce() {
        FileCredentialStore store = store();
        Credential admin = new Credential("AKIAADMIN00000000000", "admin-secret-000000000000000000000000000", "000000000000");
        assertThat(store.ensure(admin)).isTrue();
        assertThat(store.ensure(admin)).isFalse();
        Credential rotated = new Credential(admin.accessKeyId(), "rotated-secret-0000000000000000000000000", "000000000000");
        assertThat(store.ensure(rotated)).isTrue();
        assertThat(store.find(admin.accessKeyId())).contains(rotated);
    }

    @Test
    void seesChangesMadeByAnotherStoreOnTheSameFile() {
        FileCredentialStore server = store();
        FileCredentialStore cli = store();
        assertThat(server.list()).isEmpty();
        Credential c = cli.create("123456789012");
        assertThat(server.find(c.accessKeyId())).contains(c);
        cli.revoke(c.accessKeyId());
        assertThat(server.find(c.accessKeyId())).isEmpty();
    }

    @Test
    void keepsKeysOfOtherWritersWhenWriting() {
        FileCredentialStore one = store();
        FileCredentialStore two = store();
        Credential a = one.create("111111111111");
        Credential b = two.create("222222222222");
        assertThat(one.find(a.accessKeyId())).contains(a);
        assertThat(one.find(b.accessKeyId())).contains(b);
    }

    @Test
    void readsAHandWrittenFile() throws Exception {
        Path file = dir.resolve("keys/credentials.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"keys\":[{\"accessKeyId\":\"AKIAHAND000000000000\",\"secretAccessKey\":\"s\","
                + "\"accountId\":\"123456789012\"}]}", StandardCharsets.UTF_8);
        assertThat(store().find("AKIAHAND000000000000")).contains(new Credential("AKIAHAND000000000000", "s", "123456789012"));
    }

    @Test
    void neverPrintsTheSecret() {
        Credential c = store().create("123456789012");
        assertThat(c.toString()).doesNotContain(c.secretAccessKey());
    }
}
