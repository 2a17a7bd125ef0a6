package io.synaps.api.auth.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileUserStoreTest {
    static final Argon2idHasher CHEAP = new Argon2idHasher(new Argon2idHasher.Cost(64, 1, 1), new SecureRandom());
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-22T08:00:00Z"));

    @TempDir
    Path dir;

    private FileUserStore store() {
        return new FileUserStore(dir.resolve("data/users.json"), CHEAP, clock, 0);
    }

    @Test
    void addsUsersBoundToAnAccountAndSignsThemIn() {
        FileUserStore users = store();
        FileUserStore.UserInfo alice = users.add("alice", "123456789012", "alice-password".toCharArray());
        assertThat(alice).isEqualTo(new FileUserStore.UserInfo("alice", "123456789012", clock.instant()));
        LocalSignIn signIn = new LocalSignIn(users);
        assertThat(signIn.authenticate("alice", "alice-password".toCharArray()))
                .contains(new Principal("alice", "123456789012", "local"));
        assertThat(signIn.authenticate("alice", "alice-passworD".toCharArray())).isEmpty();
        assertThat(signIn.authenticate("bob", "alice-password".toCharArray())).isEmpty();
        assertThat(signIn.authenticate("../etc/passwd", "x".toCharArray())).isEmpty();
    }

    @Test
    void storesOnlyArgon2idHashesInAnOwnerOnlyFile() throws Exception {
        store().add("alice", "123456789012", "alice-password".toCharArray());
        Path file = dir.resolve("data/users.json");
        String text = Files.readString(file);
        assertThat(text).doesNotContain("alice-password").contains("\"passwordHash\" : \"$argon2id$v=19$");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void refusesBadNamesAccountsPasswordsAndDuplicates() {
        FileUserStore users = store();
        assertThatThrownBy(() -> users.add("", "123456789012", "long-enough".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> users.add("a b", "123456789012", "long-enough".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> users.add("x".repeat(65), "123456789012", "long-enough".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> users.add("alice", "12345", "long-enough".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> users.add("alice", "123456789012", "short".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class);
        users.add("first.last@example-1_x", "123456789012", "long-enough".toCharArray());
        assertThatThrownBy(() -> users.add("first.last@example-1_x", "123456789012", "other-password".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
    }

    @Test
    void changesPasswordsDeletesAndListsWithoutHashes() {
        FileUserStore users = store();
        users.add("bob", "222222222222", "bob-password-1".toCharArray());
        clock.advance(java.time.Duration.ofMinutes(1));
        users.add("alice", "111111111111", "alice-password".toCharArray());
        assertThat(users.list()).extracting(FileUserStore.UserInfo::name).containsExactly("alice", "bob");
        assertThat(users.list().toString()).doesNotContain("argon2");
        LocalSignIn signIn = new LocalSignIn(users);
        assertThat(users.setPassword("bob", "bob-password-2".toCharArray())).isTrue();
        assertThat(signIn.authenticate("bob", "bob-password-1".toCharArray())).isEmpty();
        assertThat(signIn.authenticate("bob", "bob-password-2".toCharArray())).isPresent();
        assertThat(users.setPassword("carol", "whatever-123".toCharArray())).isFalse();
        assertThat(users.delete("bob")).isTrue();
        assertThat(users.delete("bob")).isFalse();
        assertThat(signIn.authenticate("bob", "bob-password-2".toCharArray())).isEmpty();
    }

    @Test
    void aUserAddedByTheCliIsSeenByTheOpenServerStore() {
        FileUserStore server = store();
        LocalSignIn signIn = new LocalSignIn(server);
        assertThat(signIn.authenticate("carol", "carol-password".toCharArray())).isEmpty();
        FileUserStore cli = store();
        cli.add("carol", "333333333333", "carol-password".toCharArray());
        assertThat(signIn.authenticate("carol", "carol-password".toCharArray()))
                .contains(new Principal("carol", "333333333333", "local"));
        cli.delete("carol");
        assertThat(server.info("carol")).isEmpty();
    }

    @Test
    void sessionsOfADeletedOrMovedUserAreNoLongerValid() {
        FileUserStore users = store();
        users.add("dave", "444444444444", "dave-password".toCharArray());
        LocalSignIn signIn = new LocalSignIn(users);
        Principal dave = signIn.authenticate("dave", "dave-password".toCharArray()).orElseThrow();
        assertThat(signIn.stillValid(dave)).isTrue();
        users.ensure("dave", "555555555555", "dave-password".toCharArray());
        assertThat(signIn.stillValid(dave)).isFalse();
        users.delete("dave");
        assertThat(signIn.stillValid(new Principal("dave", "555555555555", "local"))).isFalse();
        assertThat(signIn.stillValid(new Principal("dave", "555555555555", "keystone"))).isFalse();
    }

    @Test
    void ensuresTheBootstrapAdminOnceAndFollowsPasswordChanges() {
        FileUserStore users = store();
        assertThat(users.ensure("admin", "000000000001", "synaps-local-admin".toCharArray())).isTrue();
        assertThat(users.ensure("admin", "000000000001", "synaps-local-admin".toCharArray())).isFalse();
        Instant created = users.info("admin").orElseThrow().created();
        clock.advance(java.time.Duration.ofHours(1));
        assertThat(users.ensure("admin", "000000000001", "a-new-admin-password".toCharArray())).isTrue();
        LocalSignIn signIn = new LocalSignIn(users);
        assertThat(signIn.authenticate("admin", "synaps-local-admin".toCharArray())).isEmpty();
        assertThat(signIn.authenticate("admin", "a-new-admin-password".toCharArray())).isPresent();
        assertThat(users.info("admin").orElseThrow().created()).isEqualTo(created);
    }

    @Test
    void neverShowsTheHashInToString() {
        FileUserStore users = store();
        users.add("erin", "123456789012", "erin-password".toCharArray());
        FileUserStore.StoredUser stored = users.find("erin").orElseThrow();
        assertThat(stored.toString()).doesNotContain(stored.passwordHash()).doesNotContain("argon2");
    }

    @Test
    void readsAFileWrittenByAnotherVersionWithoutCreatedTimes() throws Exception {
        Path file = dir.resolve("data/users.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"users\":[{\"name\":\"hand\",\"accountId\":\"123456789012\",\"passwordHash\":"
                + "\"$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4\"}]}");
        assertThat(new LocalSignIn(store()).authenticate("hand", "password".toCharArray())).isPresent();
        assertThat(store().info("hand").orElseThrow().created()).isEqualTo(Instant.EPOCH);
    }
}
