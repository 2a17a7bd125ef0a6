package io.synaps.server;

import io.synaps.api.auth.Credential;
import io.synaps.api.auth.FileCredentialStore;
import io.synaps.api.auth.session.Argon2idHasher;
import io.synaps.api.auth.session.FileUserStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Main is the {@code synaps} command: {@code serve} runs a node, {@code keys} manages access keys,
 * {@code users} manages dashboard users. Holds the terminal it talks to (stdin, stdout, stderr,
 * console) so tests can drive it in-process. Not thread-safe; one command per instance.
 */
@Command(name = "synaps", mixinStandardHelpOptions = true, version = "synaps 0.1.0",
        description = "The open CloudWatch: monitoring and alerting for OpenStack and private clouds.",
        subcommands = {Main.Serve.class, Main.Keys.class, Main.Users.class})
public final class Main implements Runnable {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Console console;

    /** The real terminal. */
    public Main() {
        this(System.in, System.out, System.err, System.console());
    }

    /** Another terminal: {@code console} may be null (no interactive prompts then). */
    Main(InputStream in, PrintStream out, PrintStream err, Console console) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.console = console;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args.length == 0 ? new String[]{"serve"} : args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    /** Serve starts one node in the foreground; configuration comes from SYNAPS_* environment variables. */
    @Command(name = "serve", description = "Start one Synaps node with embedded storage (configured by SYNAPS_* environment variables).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            ServerConfig config = ServerConfig.fromEnvironment(System.getenv());
            SynapsServer server = SynapsServer.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "synaps-shutdown"));
            System.out.println("Synaps listening on port " + server.port() + " (region " + config.region()
                    + ", data " + config.dataDir().toAbsolutePath().normalize() + ")");
            System.out.flush();
            stopped.await();
            return 0;
        }
    }

    /** Keys manages the access keys in the node's credentials file; works with the node running or not. */
    @Command(name = "keys", description = "Create, revoke and list access keys (tenants).",
            subcommands = {Keys.Create.class, Keys.Revoke.class, Keys.ListKeys.class})
    static final class Keys implements Runnable {
        @Option(names = "--data-dir", description = "Data directory (default: $SYNAPS_DATA_DIR or ./data)")
        Path dataDir;

        @Override
        public void run() {
            new CommandLine(this).usage(System.out);
        }

        FileCredentialStore store() {
            Path dir = dataDir != null ? dataDir : Path.of(System.getenv().getOrDefault("SYNAPS_DATA_DIR", "./data"));
            return new FileCredentialStore(dir.resolve("credentials.json"), Clock.systemUTC());
        }

        @Command(name = "create", description = "Create an access key for an account (12 digits).")
        static final class Create implements Callable<Integer> {
            @CommandLine.ParentCommand
            Keys keys;
            @Option(names = "--account", required = true, description = "12-digit account (tenant) id")
            String account;

            @Override
            public Integer call() {
                if (!account.matches("\\d{12}")) {
                    System.err.println("--account must be 12 digits");
                    return 2;
                }
                Credential c = keys.store().create(account);
                System.out.println("AccessKeyId: " + c.accessKeyId());
                System.out.println("SecretAccessKey: " + c.secretAccessKey());
                System.out.println("AccountId: " + c.accountId());
                return 0;
            }
        }

        @Command(name = "revoke", description = "Revoke an access key.")
        static final class Revoke implements Callable<Integer> {
            @CommandLine.ParentCommand
            Keys keys;
            @Parameters(index = "0", description = "access key id")
            String accessKeyId;

            @Override
            public Integer call() {
                if (!keys.store().revoke(accessKeyId)) {
                    System.err.println("No such access key: " + accessKeyId);
                    return 1;
                }
                System.out.println("Revoked " + accessKeyId);
                return 0;
            }
        }

        @Command(name = "list", description = "List access keys (ids and accounts; never secrets).")
        static final class ListKeys implements Callable<Integer> {
            @CommandLine.ParentCommand
            Keys keys;

            @Override
            public Integer call() {
                for (FileCredentialStore.AccessKey k : keys.store().list()) {
                    System.out.println(k.accessKeyId() + "\t" + k.accountId() + "\t" + k.created());
                }
                return 0;
            }
        }
    }

    /** Users manages the dashboard users in the node's users file; works with the node running or not. */
    @Command(name = "users", description = "Add, change, delete and list dashboard users (bound to an account).",
            subcommands = {Users.Add.class, Users.Passwd.class, Users.Delete.class, Users.ListUsers.class})
    static final class Users implements Runnable {
        @CommandLine.ParentCommand
        Main main;
        @Option(names = "--data-dir", description = "Data directory (default: $SYNAPS_DATA_DIR or ./data)")
        Path dataDir;

        @Override
        public void run() {
            new CommandLine(this).usage(main.out);
        }

        FileUserStore store() {
            Path dir = dataDir != null ? dataDir : Path.of(System.getenv().getOrDefault("SYNAPS_DATA_DIR", "./data"));
            return new FileUserStore(dir.resolve("users.json"), new Argon2idHasher(), Clock.systemUTC());
        }

        /**
         * The new password: one line of stdin with {@code --password-stdin}, else typed twice at
         * the console without echo. Null (after saying why) when there is none.
         */
        char[] newPassword(boolean fromStdin) {
            if (fromStdin) {
                try {
                    char[] password = readLine(main.in);
                    if (password.length == 0) {
                        main.err.println("No password on standard input.");
                        return null;
                    }
                    return password;
                } catch (IOException e) {
                    main.err.println("Cannot read the password from standard input: " + e.getMessage());
                    return null;
                }
            }
            if (main.console == null) {
                main.err.println("No console to prompt for the password; pipe it in with --password-stdin.");
                return null;
            }
            char[] first = main.console.readPassword("Password: ");
            char[] second = first == null ? null : main.console.readPassword("Password (again): ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                main.err.println("The passwords do not match.");
                wipe(first);
                wipe(second);
                return null;
            }
            wipe(second);
            return first;
        }

        /** One line of input without its line break, never held in a String. */
        static char[] readLine(InputStream in) throws IOException {
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            char[] buffer = new char[64];
            int n = 0;
            int c;
            while ((c = reader.read()) >= 0 && c != '\n') {
                if (n == buffer.length) {
                    char[] bigger = Arrays.copyOf(buffer, n * 2);
                    wipe(buffer);
                    buffer = bigger;
                }
                buffer[n++] = (char) c;
            }
            if (n > 0 && buffer[n - 1] == '\r') {
                n--;
            }
            char[] line = Arrays.copyOf(buffer, n);
            wipe(buffer);
            return line;
        }

        static void wipe(char[] chars) {
            if (chars != null) {
                Arrays.fill(chars, '\0');
            }
        }

        @Command(name = "add", description = "Add a user for an account (12 digits); asks for the password twice.")
        static final class Add implements Callable<Integer> {
            @CommandLine.ParentCommand
            Users users;
            @Parameters(index = "0", description = "user name: 1-64 of letters, digits and . _ @ -")
            String name;
            @Option(names = "--account", required = true, description = "12-digit account (tenant) id")
            String account;
            @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
            boolean passwordStdin;

            @Override
            public Integer call() {
                if (!FileUserStore.validName(name)) {
                    users.main.err.println("The user name must be 1-64 of letters, digits and . _ @ -");
                    return 2;
                }
                if (!account.matches("\\d{12}")) {
                    users.main.err.println("--account must be 12 digits");
                    return 2;
                }
                FileUserStore store = users.store();
                if (store.info(name).isPresent()) {
                    users.main.err.println("User " + name + " already exists; use users passwd to change its password.");
                    return 1;
                }
                char[] password = users.newPassword(passwordStdin);
                if (password == null) {
                    return 2;
                }
                try {
                    store.add(name, account, password);
                } catch (IllegalArgumentException e) {
                    users.main.err.println(e.getMessage());
                    return 2;
                } finally {
                    wipe(password);
                }
                users.main.out.println("Added " + name + " (account " + account + ")");
                return 0;
            }
        }

        @Command(name = "passwd", description = "Change a user's password; asks for it twice.")
        static final class Passwd implements Callable<Integer> {
            @CommandLine.ParentCommand
            Users users;
            @Parameters(index = "0", description = "user name")
            String name;
            @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
            boolean passwordStdin;

            @Override
            public Integer call() {
                FileUserStore store = users.store();
                if (store.info(name).isEmpty()) {
                    users.main.err.println("No such user: " + name);
                    return 1;
                }
                char[] password = users.newPassword(passwordStdin);
                if (password == null) {
                    return 2;
                }
                try {
                    if (!store.setPassword(name, password)) {
                        users.main.err.println("No such user: " + name);
                        return 1;
                    }
                } catch (IllegalArgumentException e) {
                    users.main.err.println(e.getMessage());
                    return 2;
                } finally {
                    wipe(password);
                }
                users.main.out.println("Changed the password of " + name);
                return 0;
            }
        }

        @Command(name = "delete", description = "Delete a user (its open sessions end at their next request).")
        static final class Delete implements Callable<Integer> {
            @CommandLine.ParentCommand
            Users users;
            @Parameters(index = "0", description = "user name")
            String name;

            @Override
            public Integer call() {
                if (!users.store().delete(name)) {
                    users.main.err.println("No such user: " + name);
                    return 1;
                }
                users.main.out.println("Deleted " + name);
                return 0;
            }
        }

        @Command(name = "list", description = "List users (names, accounts, creation times; never password hashes).")
        static final class ListUsers implements Callable<Integer> {
            @CommandLine.ParentCommand
            Users users;

            @Override
            public Integer call() {
                for (FileUserStore.UserInfo u : users.store().list()) {
                    users.main.out.println(u.name() + "\t" + u.accountId() + "\t" + u.created());
                }
                return 0;
            }
        }
    }
}
